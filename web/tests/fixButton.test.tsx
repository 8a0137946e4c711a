import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { Provider, type Client } from "@urql/preact";
import { fromValue, never } from "wonka";
import type { FixAction } from "../src/gql/graphql";
import { FixButton } from "../src/reconciliation/FixButton";

interface Sent {
  name: string | undefined;
  variables: unknown;
}

/** A client that answers every mutation with a queued run and never sends progress. */
function fakeClient(sent: Sent[], answer: (name: string | undefined) => unknown): Client {
  const operationName = (query: { definitions: { name?: { value: string } }[] }) =>
    query.definitions.find((d) => d.name)?.name?.value;
  return {
    executeMutation: vi.fn((request: { query: never; variables: unknown }) => {
      const name = operationName(request.query);
      sent.push({ name, variables: request.variables });
      return fromValue({ data: answer(name), operation: request, stale: false, hasNext: false });
    }),
    executeSubscription: vi.fn(() => never),
    executeQuery: vi.fn(() => never),
  } as unknown as Client;
}

function renderFix(action: FixAction, localId: string | null, answer: (name: string | undefined) => unknown) {
  const sent: Sent[] = [];
  render(
    <Provider value={fakeClient(sent, answer)}>
      <FixButton connectionId="conn-1" action={action} localId={localId} hint="Check the credits." label="Invoice R-1" />
    </Provider>,
  );
  return sent;
}

const queued = (field: string, typename: string) => () => ({
  [field]: { __typename: typename, run: { id: "run-9" } },
});

describe("FixButton", () => {
  afterEach(cleanup);

  it("sends the invoice again with updateSyncedInvoice and the local invoice's ID", async () => {
    const sent = renderFix("PUSH_UPDATE", "inv-1", queued("updateSyncedInvoice", "UpdateSyncedInvoiceSuccess"));
    fireEvent.click(screen.getByRole("button", { name: "Send this invoice again: Invoice R-1" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ name: "UpdateSyncedInvoice", variables: { id: "inv-1" } });
    await waitFor(() => expect(screen.getByRole("progressbar")).toBeTruthy());
  });

  it("fetches payments with syncPayments on the connection", async () => {
    const sent = renderFix("PULL_PAYMENTS", "inv-1", queued("syncPayments", "SyncPaymentsSuccess"));
    fireEvent.click(screen.getByRole("button", { name: "Fetch payments from the books: Invoice R-1" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ name: "SyncPayments", variables: { connectionId: "conn-1" } });
  });

  it("shows a refusal and starts no progress", async () => {
    renderFix("IMPORT", null, () => ({
      importInvoices: { __typename: "InvalidStateError", code: "INVALID_STATE", message: "Reconnect first.", field: null },
    }));
    fireEvent.click(screen.getByRole("button", { name: "Import invoices from the books: Invoice R-1" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Reconnect first."));
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("shows the hint and no button for HINT", () => {
    const sent = renderFix("HINT", "inv-1", () => null);
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByText("Check the credits.")).toBeTruthy();
    expect(sent).toHaveLength(0);
  });
});
