import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { Provider, type Client } from "@urql/preact";
import { fromValue, never } from "wonka";
import { ReportDetails } from "../src/reconciliation/ReportDetails";

const EMPTY_PAGE = { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };

function report(overrides: Record<string, unknown>) {
  return {
    __typename: "ReconciliationReportNode",
    id: "rep-1",
    connectionId: "conn-1",
    runId: "run-1",
    status: "COMPLETED",
    paymentsSince: "2026-09-01",
    error: null,
    createdAt: "2026-12-03T08:00:00+00:00",
    finishedAt: "2026-12-03T08:01:00+00:00",
    totalDiscrepancies: 0,
    byKind: [],
    customers: [],
    discrepancies: EMPTY_PAGE,
    ...overrides,
  };
}

/** A client answering every query with `data`, recording the variables each was sent with. */
function fakeClient(data: unknown, sent: unknown[]): Client {
  return {
    executeQuery: vi.fn((request: { variables: unknown }) => {
      sent.push(request.variables);
      return fromValue({ data, operation: request, stale: false, hasNext: false });
    }),
    executeMutation: vi.fn(() => never),
    executeSubscription: vi.fn(() => never),
  } as unknown as Client;
}

function show(data: unknown, runStatus: string | null = null) {
  const sent: unknown[] = [];
  render(
    <Provider value={fakeClient({ reconciliationReport: data }, sent)}>
      <ReportDetails reportId="rep-1" connectionId="conn-1" runStatus={runStatus} />
    </Provider>,
  );
  return sent;
}

describe("ReportDetails", () => {
  afterEach(cleanup);

  it("says why a failed report failed, with no summary or download", () => {
    show(report({ status: "FAILED", error: "the books could not be read", finishedAt: null }));
    expect(screen.getByRole("alert").textContent).toBe("The report failed: the books could not be read.");
    expect(screen.queryByRole("button", { name: "Download CSV" })).toBeNull();
  });

  it("says a running report waits for the Web Connector while its run is WAITING", () => {
    show(report({ status: "RUNNING", finishedAt: null }), "WAITING");
    expect(screen.getByText("Waiting")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Web Connector");
  });

  it("says a clean report found nothing to fix", () => {
    show(report({}));
    expect(screen.getByRole("status").textContent).toContain("No discrepancies");
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("asks for the next page of discrepancies after the page's end cursor", async () => {
    const node = {
      id: "d-1",
      kind: "TOTAL_MISMATCH",
      action: "HINT",
      label: "Invoice R-1",
      localId: "inv-1",
      remoteId: "41",
      localValue: "300.00",
      remoteValue: "250.00",
      currency: "EUR",
      amount: "50.00",
      hint: "Check it.",
    };
    const sent = show(
      report({
        totalDiscrepancies: 30,
        byKind: [
          { kind: "TOTAL_MISMATCH", currency: "EUR", count: 1, amount: "50.00" },
          { kind: "TOTAL_MISMATCH", currency: "USD", count: 29, amount: "1500.00" },
        ],
        discrepancies: { totalCount: 30, pageInfo: { hasNextPage: true, endCursor: "c25" }, edges: [{ node }] },
      }),
    );
    // One summary row per currency of the kind, each in its own currency; never one sum.
    const rows = document.querySelectorAll("tr[data-kind=TOTAL_MISMATCH]");
    expect(Array.from(rows).map((row) => row.getAttribute("data-currency"))).toEqual(["EUR", "USD"]);
    expect(rows[1].textContent).toContain("$1,500.00");
    expect(screen.getAllByText("€50.00").length).toBe(2);
    fireEvent.click(screen.getByRole("button", { name: "Next page" }));
    await waitFor(() => expect(sent.at(-1)).toMatchObject({ id: "rep-1", after: "c25", first: 25 }));
  });

  it("shows a customer's balances per currency, each in its own currency", () => {
    show(
      report({
        totalDiscrepancies: 1,
        customers: [
          { customerId: "c-1", remoteId: "7", name: "Acme", currency: "EUR", here: "250.00", there: "200.00" },
          { customerId: "c-1", remoteId: "7", name: "Acme", currency: "USD", here: "100.00", there: "60.00" },
        ],
        discrepancies: EMPTY_PAGE,
      }),
    );
    const table = screen.getByRole("table", { name: "Customer balances" });
    const rows = Array.from(table.querySelectorAll("tbody tr")).map((row) => row.textContent);
    expect(rows).toEqual(["Acme€250.00€200.00", "Acme$100.00$60.00"]);
  });
});
