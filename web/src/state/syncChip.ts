// How a record's sync with the books is shown: a chip with a label, a tone and the details a
// click reveals (the error with its hint, or the number in the books).
import type { SyncInfoFieldsFragment } from "../gql/graphql";

export type Tone = "ok" | "pending" | "error" | "none" | "warn";

export interface ChipView {
  label: string;
  tone: Tone;
  /** Read by screen readers instead of a bare dash. */
  ariaLabel: string;
  details: { term: string; value: string }[];
}

export function syncChip(info: SyncInfoFieldsFragment): ChipView {
  const details: { term: string; value: string }[] = [];
  if (info.remoteNumber) details.push({ term: "Number in the books", value: info.remoteNumber });
  else if (info.remoteId) details.push({ term: "Id in the books", value: info.remoteId });
  if (info.lastSyncedAt) details.push({ term: "Last synced", value: formatDateTime(info.lastSyncedAt) });
  switch (info.status) {
    case "SYNCED":
      return { label: "Synced", tone: "ok", ariaLabel: "Synced", details };
    case "PENDING":
      return {
        label: "Pending",
        tone: "pending",
        ariaLabel: "Pending: being sent to the books",
        details,
      };
    case "ERROR": {
      if (info.lastError) details.unshift({ term: "Error", value: info.lastError });
      if (info.lastErrorCode) details.push({ term: "Code", value: info.lastErrorCode });
      if (info.lastErrorHint) details.push({ term: "What to do", value: info.lastErrorHint });
      return { label: "Error", tone: "error", ariaLabel: "Sync error", details };
    }
    default:
      return { label: "—", tone: "none", ariaLabel: "Not synced", details };
  }
}

export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString("en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
