// A connection's status in plain words: a label, a tone and what to do about it.
import type { ConnectionFieldsFragment } from "../gql/graphql";
import type { Tone } from "./syncChip";

export interface StatusView {
  label: string;
  tone: Tone;
  /** What is wrong, in the platform's or Ledgersync's words. */
  problem: string | null;
  /** What the user should do, when anything. */
  fix: string | null;
  /** A reconnect (a new consent) is what fixes it. */
  needsReconnect: boolean;
  /** The consent granted several companies: one must be chosen. */
  needsChoice: boolean;
}

type StatusInput = Pick<
  ConnectionFieldsFragment,
  "status" | "lastError" | "reconnectHint" | "availableCompanies"
>;

export function connectionStatus(connection: StatusInput): StatusView {
  const problem = connection.lastError ?? null;
  const fix = connection.reconnectHint ?? null;
  switch (connection.status) {
    case "ACTIVE":
      return { label: "Active", tone: "ok", problem: null, fix: null, needsReconnect: false, needsChoice: false };
    case "ERROR":
      return {
        label: "Error",
        tone: "error",
        problem,
        fix: fix ?? "The next sync tries again. If it keeps failing, reconnect.",
        needsReconnect: false,
        needsChoice: false,
      };
    case "EXPIRED":
      return {
        label: "Expired",
        tone: "error",
        problem: problem ?? "The platform no longer accepts Ledgersync's access.",
        fix: fix ?? "Reconnect to give Ledgersync access again.",
        needsReconnect: true,
        needsChoice: false,
      };
    case "REVOKED":
      return {
        label: "Revoked",
        tone: "none",
        problem: problem,
        fix: "Disconnected. Reconnect to the same company to sync again: its mappings are kept.",
        needsReconnect: true,
        needsChoice: false,
      };
    case "PENDING": {
      const choosing = connection.availableCompanies.length > 0;
      return {
        label: choosing ? "Choose an organisation" : "Not finished",
        tone: "warn",
        problem,
        fix: choosing
          ? "The consent gave access to several organisations: choose the one to sync with."
          : (fix ?? "The consent was not completed. Connect again."),
        needsReconnect: !choosing,
        needsChoice: choosing,
      };
    }
    default:
      // A status this build does not know yet (a newer server): say so rather than hide it.
      return {
        label: String(connection.status),
        tone: "warn",
        problem,
        fix,
        needsReconnect: false,
        needsChoice: false,
      };
  }
}
