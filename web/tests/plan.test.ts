import { describe, expect, it } from "vitest";
import { heldConnectionId, planView, refusalView, type PlanItemLike, type PlanLike } from "../src/plans/logic";

const item = (label: string, action: PlanItemLike["action"], requested = true, reason: string | null = null, errorCode: string | null = null): PlanItemLike => ({
  localId: label,
  label,
  action,
  reason,
  errorCode,
  requested,
});

function plan(overrides: Partial<PlanLike> = {}): PlanLike {
  // The API lists the last planned record first.
  const items = [
    item("Invoice E-1", "FAIL", true, "EUR is not enabled in the books", "CURRENCY_NOT_ENABLED"),
    item("Invoice U-1", "CREATE"),
    item("Customer Acme", "CREATE", false),
  ];
  return {
    id: "plan-1",
    status: "READY",
    expiresAt: "2026-12-03T10:00:00Z",
    runError: null,
    dailyCallsRemaining: null,
    actions: [
      { action: "FAIL", records: 1 },
      { action: "SKIP", records: 0 },
      { action: "CREATE", records: 2 },
    ],
    writeCalls: [
      { operation: "create_invoices", calls: 1 },
      { operation: "create_customers", calls: 1 },
      { operation: "void_invoice", calls: 0 },
    ],
    items: { totalCount: items.length, edges: items.map((node) => ({ node })) },
    ...overrides,
  };
}

describe("planView", () => {
  it("orders counts CREATE first and leaves out actions with no record", () => {
    expect(planView(plan()).counts.map((c) => [c.action, c.records])).toEqual([
      ["CREATE", 2],
      ["FAIL", 1],
    ]);
  });

  it("splits the customers and items handled first from the requested records, in push order", () => {
    const view = planView(plan());
    expect(view.resolvedFirst.map((i) => i.label)).toEqual(["Customer Acme"]);
    expect(view.requested.map((i) => i.label)).toEqual(["Invoice U-1", "Invoice E-1"]);
    expect(view.requested[1]?.errorCode).toBe("CURRENCY_NOT_ENABLED");
  });

  it("adds up the calls needed and says there is no daily cap to compare with", () => {
    const view = planView(plan());
    expect(view.callsNeeded).toBe(2);
    expect(view.calls.map((c) => c.label)).toEqual(["Create invoices", "Create customers"]);
    expect(view.budgetText).toBe("2 calls needed (no daily cap applies)");
    expect(view.overBudget).toBe(false);
    expect(view.runnable).toBe(true);
  });

  it("compares the calls needed with the daily budget left", () => {
    expect(planView(plan({ dailyCallsRemaining: 4988 })).budgetText).toBe("2 calls needed; 4,988 left today");
    expect(planView(plan({ dailyCallsRemaining: 1 })).overBudget).toBe(true);
  });

  it("is not runnable when only failures and skips remain, the run would stop or it ran already", () => {
    const failing = plan({ actions: [{ action: "FAIL", records: 1 }], items: { totalCount: 1, edges: [{ node: item("Invoice E-1", "FAIL") }] } });
    expect(planView(failing).runnable).toBe(false);
    expect(planView(plan({ runError: "The daily call cap is reached." })).runnable).toBe(false);
    expect(planView(plan({ status: "EXECUTED" })).runnable).toBe(false);
  });

  it("counts the records the first page left out", () => {
    const view = planView(plan({ items: { totalCount: 250, edges: [{ node: item("Invoice U-1", "CREATE") }] } }));
    expect(view.hiddenItems).toBe(249);
  });
});

describe("refusalView", () => {
  it("offers to preview again when the plan changed or expired", () => {
    const changed = refusalView({ code: "PLAN_CHANGED", message: "Invoice U-1 was edited.", field: null });
    expect(changed.previewAgain).toBe(true);
    expect(changed.message).toContain("Invoice U-1 was edited.");
    expect(refusalView({ code: "PLAN_EXPIRED", message: "Plan again.", field: null }).previewAgain).toBe(true);
  });

  it("says a preview needs an OAuth platform when planning is unavailable", () => {
    const view = refusalView({ code: "PLAN_UNAVAILABLE", message: "QuickBooks Desktop answers only when polled.", field: null });
    expect(view.unavailable).toBe(true);
    expect(view.previewAgain).toBe(false);
    expect(view.message).toContain("OAuth");
  });

  it("passes any other refusal through without offering a new preview", () => {
    const view = refusalView({ code: "INVALID_STATE", message: "This plan was run already.", field: null });
    expect(view).toEqual({ message: "This plan was run already.", previewAgain: false, unavailable: false });
  });
});

describe("heldConnectionId", () => {
  it("picks the connection that is not revoked, or none", () => {
    expect(heldConnectionId([{ id: "a", status: "REVOKED" }, { id: "b", status: "ACTIVE" }])).toBe("b");
    expect(heldConnectionId([{ id: "a", status: "REVOKED" }])).toBeNull();
    expect(heldConnectionId(undefined)).toBeNull();
  });
});
