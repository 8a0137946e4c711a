// The plan view model: what the Preview dialog shows of a sync plan and of a refusal, as plain
// data so it is tested without a browser.
import type { ShownError } from "../state/errors";

export type PlanActionName = "CREATE" | "UPDATE" | "VOID" | "ADOPT" | "SKIP" | "FAIL";

export interface PlanItemLike {
  localId: string;
  label: string;
  action: PlanActionName;
  reason: string | null;
  errorCode: string | null;
  requested: boolean;
}

export interface PlanLike {
  id: string;
  status: string;
  expiresAt: string;
  runError: string | null;
  dailyCallsRemaining: number | null;
  actions: { action: PlanActionName; records: number }[];
  writeCalls: { operation: string; calls: number }[];
  items: { totalCount: number; edges: { node: PlanItemLike }[] };
}

export interface PlanView {
  id: string;
  /** Counts in a fixed order (CREATE first), actions with no record left out. */
  counts: { action: PlanActionName; label: string; records: number }[];
  /** The customers and items the push creates or adopts before the requested records. */
  resolvedFirst: PlanItemLike[];
  /** The records the scope asked for. */
  requested: PlanItemLike[];
  /** Records the list holds beyond the ones fetched. */
  hiddenItems: number;
  callsNeeded: number;
  calls: { operation: string; label: string; calls: number }[];
  /** "12 calls needed; 4,988 left today", or "12 calls needed (no daily cap applies)". */
  budgetText: string;
  /** True when the calls needed exceed what is left today. */
  overBudget: boolean;
  runError: string | null;
  /** False when nothing in the plan would be sent, or the push would stop as a whole. */
  runnable: boolean;
}

const ORDER: PlanActionName[] = ["CREATE", "UPDATE", "VOID", "ADOPT", "SKIP", "FAIL"];

const ACTION_LABELS: Record<PlanActionName, string> = {
  CREATE: "Create",
  UPDATE: "Update",
  VOID: "Void",
  ADOPT: "Link to an existing record",
  SKIP: "Skip",
  FAIL: "Fail",
};

const OPERATIONS: Record<string, string> = {
  create_customers: "Create customers",
  create_items: "Create items",
  create_invoices: "Create invoices",
  update_customer: "Update a customer",
  update_invoice: "Update an invoice",
  void_invoice: "Void an invoice",
};

export const actionLabel = (action: PlanActionName): string => ACTION_LABELS[action] ?? action;
export const operationLabel = (operation: string): string => OPERATIONS[operation] ?? operation;

const count = (n: number, word: string): string => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** The dialog's view of a plan. */
export function planView(plan: PlanLike): PlanView {
  const byAction = new Map(plan.actions.map((a) => [a.action, a.records]));
  const counts = ORDER.filter((a) => (byAction.get(a) ?? 0) > 0).map((action) => ({
    action,
    label: actionLabel(action),
    records: byAction.get(action) ?? 0,
  }));
  const items = plan.items.edges.map((e) => e.node);
  const calls = plan.writeCalls
    .filter((c) => c.calls > 0)
    .map((c) => ({ operation: c.operation, label: operationLabel(c.operation), calls: c.calls }));
  const callsNeeded = calls.reduce((sum, c) => sum + c.calls, 0);
  const left = plan.dailyCallsRemaining;
  const needed = `${count(callsNeeded, "call")} needed`;
  const budgetText = left === null ? `${needed} (no daily cap applies)` : `${needed}; ${left.toLocaleString("en-US")} left today`;
  const sends = counts.some((c) => c.action !== "SKIP" && c.action !== "FAIL");
  return {
    id: plan.id,
    counts,
    // The list comes last planned first; the dialog reads in the order the push works.
    resolvedFirst: items.filter((i) => !i.requested).reverse(),
    requested: items.filter((i) => i.requested).reverse(),
    hiddenItems: Math.max(0, plan.items.totalCount - items.length),
    callsNeeded,
    calls,
    budgetText,
    overBudget: left !== null && callsNeeded > left,
    runError: plan.runError,
    runnable: plan.status === "READY" && sends && plan.runError === null,
  };
}

export interface RefusalView {
  message: string;
  /** The plan is stale: offer to preview again. */
  previewAgain: boolean;
  /** The platform cannot be previewed at all. */
  unavailable: boolean;
}

const UNAVAILABLE =
  "A preview needs a platform Ledgersync reaches directly over OAuth (QuickBooks Online or Xero). " +
  "This connection answers only through its connector, so it cannot be previewed; its Sync buttons work as before.";

/** What the dialog says when planSync or runSyncPlan is refused. */
export function refusalView(error: ShownError): RefusalView {
  if (error.code === "PLAN_UNAVAILABLE") {
    return { message: `${UNAVAILABLE} (${error.message})`, previewAgain: false, unavailable: true };
  }
  if (error.code === "PLAN_EXPIRED") {
    return { message: `This plan expired before it was run. ${error.message}`, previewAgain: true, unavailable: false };
  }
  if (error.code === "PLAN_CHANGED") {
    return { message: `Records changed since this plan was made. ${error.message}`, previewAgain: true, unavailable: false };
  }
  return { message: error.message, previewAgain: false, unavailable: false };
}

/** The connection a preview plans against: the one the firm holds (not revoked), if any. */
export function heldConnectionId(connections: { id: string; status: string }[] | undefined): string | null {
  return connections?.find((c) => c.status !== "REVOKED")?.id ?? null;
}
