// Words for sync runs: their kind, trigger, outcome and how long they took.

const KINDS: Record<string, string> = {
  OVERDUE_SWEEP: "Overdue check",
  PUSH_INVOICES: "Send invoices",
  PUSH_CUSTOMERS: "Send customers",
  PULL_PAYMENTS: "Fetch payments",
  IMPORT_CUSTOMERS: "Import customers",
  IMPORT_INVOICES: "Import invoices",
  FULL_SYNC: "Full sync",
  WEBHOOK: "Change from the books",
  PUSH_PAYMENTS: "Send payments",
  UPDATE_INVOICE: "Update invoice",
  VOID_INVOICE: "Void invoice",
};

const TRIGGERS: Record<string, string> = {
  USER: "A person",
  SCHEDULE: "Schedule",
  WEBHOOK: "Notice from the books",
  AUTO: "Automatic",
};

const OUTCOMES: Record<string, string> = {
  SUCCEEDED: "Succeeded",
  WARNING: "Warning",
  FAILED: "Failed",
  SKIPPED: "Skipped",
};

export const TERMINAL_RUN = new Set(["SUCCEEDED", "PARTIAL", "FAILED"]);

export const kindLabel = (kind: string): string => KINDS[kind] ?? kind;
export const triggerLabel = (trigger: string): string => TRIGGERS[trigger] ?? trigger;
export const outcomeLabel = (outcome: string): string => OUTCOMES[outcome] ?? outcome;
export const RUN_KINDS = Object.keys(KINDS);

/** "1.2 s", "3 min 4 s"; "—" until the run has started and ended. */
export function duration(startedAt: string | null, finishedAt: string | null): string {
  if (!startedAt || !finishedAt) return "—";
  const ms = new Date(finishedAt).getTime() - new Date(startedAt).getTime();
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
