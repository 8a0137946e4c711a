// Pure rules of the Reconciliation page: which mutation fixes a discrepancy, the words for kinds
// and report states, and the CSV download's file. Kept free of Preact so web/tests can check them.
import type { DiscrepancyKind, FixAction, ReportStatus } from "../gql/graphql";

/** The mutation a discrepancy's `action` names, by its result field; null for HINT. */
export type FixMutation = "syncPayments" | "syncNow" | "updateSyncedInvoice" | "importInvoices";

export interface FixPlan {
  mutation: FixMutation | null;
  /** The button's words (the hint is shown instead of a button for HINT). */
  label: string;
  /** Whether the mutation needs the local invoice's ID (`updateSyncedInvoice`). */
  needsLocalId: boolean;
}

const PLANS: Record<FixAction, FixPlan> = {
  PULL_PAYMENTS: { mutation: "syncPayments", label: "Fetch payments from the books", needsLocalId: false },
  PUSH_PAYMENTS: { mutation: "syncNow", label: "Send local payments", needsLocalId: false },
  PUSH_UPDATE: { mutation: "updateSyncedInvoice", label: "Send this invoice again", needsLocalId: true },
  IMPORT: { mutation: "importInvoices", label: "Import invoices from the books", needsLocalId: false },
  HINT: { mutation: null, label: "Check by hand", needsLocalId: false },
};

/** What fixes a discrepancy of this action. */
export function fixPlan(action: FixAction): FixPlan {
  return PLANS[action];
}

/** Whether the fix can be run from here: HINT never, PUSH_UPDATE only with a local record. */
export function canFix(action: FixAction, localId: string | null): boolean {
  const plan = fixPlan(action);
  if (plan.mutation === null) return false;
  return !plan.needsLocalId || localId !== null;
}

const KINDS: Record<DiscrepancyKind, string> = {
  TOTAL_MISMATCH: "Totals differ",
  BALANCE_MISMATCH: "Balances differ",
  STATUS_MISMATCH: "Statuses differ",
  CURRENCY_MISMATCH: "Currencies differ",
  VOIDED_REMOTELY: "Voided in the books",
  DELETED_REMOTELY: "Deleted in the books",
  NOT_IMPORTED: "Only in the books",
  REMOTE_MISSING: "Missing from the books",
  PAYMENT_MISSING_LOCALLY: "Payment missing here",
  PAYMENT_MISSING_REMOTELY: "Payment missing in the books",
};

export const DISCREPANCY_KINDS = Object.keys(KINDS) as DiscrepancyKind[];

export const discrepancyKindLabel = (kind: DiscrepancyKind): string => KINDS[kind] ?? kind;

export interface ReportView {
  label: string;
  tone: "ok" | "warn" | "error" | "pending";
  /** A sentence for the page, or null when the summary says enough. */
  message: string | null;
}

/**
 * How a report reads: RUNNING reports whose run waits (the Web Connector's next poll, the daily
 * call limit) say what they wait for, since the report itself only knows RUNNING.
 */
export function reportView(
  status: ReportStatus,
  options: { runStatus?: string | null; error?: string | null; total?: number } = {},
): ReportView {
  if (status === "FAILED") {
    return { label: "Failed", tone: "error", message: `The report failed: ${options.error ?? "no reason was given"}.` };
  }
  if (status === "RUNNING") {
    if (options.runStatus === "WAITING") {
      return {
        label: "Waiting",
        tone: "warn",
        message: options.error
          ? `The report is waiting: ${options.error}.`
          : "The report is waiting for the books to answer (QuickBooks Desktop: the Web Connector's next poll). It completes by itself.",
      };
    }
    return { label: "Running", tone: "pending", message: "The report is reading the books." };
  }
  if ((options.total ?? 0) === 0) {
    return { label: "Completed", tone: "ok", message: "No discrepancies: your records and the books agree." };
  }
  return { label: "Completed", tone: "warn", message: null };
}

/** `reconciliation-2026-12-03.csv`: the day the report was queued, from its UTC timestamp. */
export function csvFileName(createdAt: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(createdAt)?.[0];
  return day ? `reconciliation-${day}.csv` : "reconciliation.csv";
}

/** The CSV text as a Blob a link can download (UTF-8, with the CSV media type). */
export function csvBlob(csv: string): Blob {
  return new Blob([csv], { type: "text/csv;charset=utf-8" });
}
