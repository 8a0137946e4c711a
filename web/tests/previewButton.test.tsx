import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { Provider, type Client } from "@urql/preact";
import { fromValue, never } from "wonka";
import { PreviewButton, type PlannedRun } from "../src/plans/PreviewButton";

type Answer = (name: string | undefined, call: number) => unknown;

/** A client that answers each mutation from `answer` (by operation name and call number). */
function fakeClient(sent: string[], answer: Answer): Client {
  const operationName = (query: { definitions: { name?: { value: string } }[] }) =>
    query.definitions.find((d) => d.name)?.name?.value;
  return {
    executeMutation: vi.fn((request: { query: never; variables: unknown }) => {
      const name = operationName(request.query);
      sent.push(name ?? "");
      return fromValue({ data: answer(name, sent.length), operation: request, stale: false, hasNext: false });
    }),
    executeSubscription: vi.fn(() => never),
    executeQuery: vi.fn(() => never),
  } as unknown as Client;
}

const PLAN = {
  planSync: {
    __typename: "PlanSyncSuccess",
    plan: {
      id: "plan-1",
      status: "READY",
      expiresAt: "2026-12-03T10:00:00Z",
      runError: null,
      dailyCallsRemaining: 4990,
      actions: [{ action: "CREATE", records: 1 }],
      writeCalls: [{ operation: "create_invoices", calls: 1 }],
      items: {
        totalCount: 1,
        edges: [{ node: { localId: "inv-1", label: "Invoice P-1", action: "CREATE", reason: null, errorCode: null, requested: true } }],
      },
    },
  },
};

const refused = (field: string, typename: string, code: string, message: string) => ({
  [field]: { __typename: typename, code, message, field: null },
});

function renderPreview(answer: Answer) {
  const sent: string[] = [];
  const runs: PlannedRun[] = [];
  render(
    <Provider value={fakeClient(sent, answer)}>
      <PreviewButton connectionId="conn-1" scope={{ kind: "SYNC_INVOICES", invoiceIds: ["inv-1"] }} subject="Invoice P-1" onRun={(r) => runs.push(r)} />
    </Provider>,
  );
  return { sent, runs };
}

describe("PreviewButton", () => {
  afterEach(cleanup);

  it("shows the plan and runs it, handing the queued run to the page", async () => {
    const { sent, runs } = renderPreview((name) =>
      name === "PlanSync" ? PLAN : { runSyncPlan: { __typename: "RunSyncPlanSuccess", run: { id: "run-7" } } },
    );
    fireEvent.click(screen.getByRole("button", { name: "Preview: Invoice P-1" }));
    await waitFor(() => expect(document.querySelector("tr[data-plan-item='Invoice P-1']")).toBeTruthy());
    expect(document.querySelector("[data-plan-budget]")?.textContent).toContain("1 call needed; 4,990 left today");
    fireEvent.click(screen.getByText("Run this plan"));
    await waitFor(() => expect(runs).toEqual([{ id: "run-7", label: "Sync of Invoice P-1" }]));
    expect(sent).toEqual(["PlanSync", "RunSyncPlan"]);
  });

  it("offers to preview again when the plan changed, and plans again", async () => {
    const { sent, runs } = renderPreview((name) =>
      name === "PlanSync" ? PLAN : refused("runSyncPlan", "PlanChangedError", "PLAN_CHANGED", "Invoice P-1 was edited."),
    );
    fireEvent.click(screen.getByRole("button", { name: "Preview: Invoice P-1" }));
    await waitFor(() => expect(screen.getByText("Run this plan")).toBeTruthy());
    fireEvent.click(screen.getByText("Run this plan"));
    await waitFor(() => expect(document.querySelector("[data-plan-refusal]")?.textContent).toContain("Invoice P-1 was edited."));
    expect(runs).toEqual([]);
    fireEvent.click(screen.getByText("Preview again"));
    await waitFor(() => expect(sent).toEqual(["PlanSync", "RunSyncPlan", "PlanSync"]));
    await waitFor(() => expect(document.querySelector("tr[data-plan-item='Invoice P-1']")).toBeTruthy());
  });

  it("says a preview needs an OAuth platform when planning is unavailable, with nothing to run", async () => {
    renderPreview(() => refused("planSync", "PlanUnavailableError", "PLAN_UNAVAILABLE", "Desktop answers only when polled."));
    fireEvent.click(screen.getByRole("button", { name: "Preview: Invoice P-1" }));
    await waitFor(() => expect(document.querySelector("[data-plan-refusal=unavailable]")?.textContent).toContain("OAuth"));
    expect(screen.queryByText("Run this plan")).toBeNull();
    expect(screen.queryByText("Preview again")).toBeNull();
  });

  it("shows no button without a connection", () => {
    render(
      <Provider value={fakeClient([], () => null)}>
        <PreviewButton connectionId={null} scope={{ kind: "SYNC_CUSTOMER", customerId: "c-1" }} subject="Acme" onRun={() => undefined} />
      </Provider>,
    );
    expect(screen.queryByText("Preview")).toBeNull();
  });
});
