import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useMutation, useQuery } from "@urql/preact";
import type { InvoiceStatus, SyncStatus } from "../gql/graphql";
import { INVOICES, SYNC_INVOICES } from "../operations";
import { requestError, userError, type ShownError } from "../state/errors";
import { ErrorAlert } from "../components/Alert";
import { Badge, SyncChip } from "../components/Chip";
import { RunProgress } from "../components/RunProgress";
import { InvoiceActions, type StartedRun } from "../invoices/InvoiceActions";
import { INVOICE_STATUSES, LOCKED_REASON, SYNC_STATUSES, invoiceStatus, money } from "../invoices/labels";
import { Link, useQueryFilter, useRoute } from "../router";
import { useBookedInvoices } from "../currencies/useBooked";
import { documentRateText } from "../currencies/logic";
import { InvoiceTotals } from "../currencies/InvoiceTotals";
import { PreviewButton } from "../plans/PreviewButton";
import { heldConnectionId } from "../plans/logic";

export const PAGE_SIZE = 100;

export function InvoicesPage(): JSX.Element {
  const { query } = useRoute();
  const status = (query.get("status") || null) as InvoiceStatus | null;
  const syncStatus = (query.get("sync") || null) as SyncStatus | null;
  const [result, refetch] = useQuery({
    query: INVOICES,
    variables: { first: PAGE_SIZE, status: status ? [status] : null, syncStatus: syncStatus ? [syncStatus] : null },
  });
  const [, syncMany] = useMutation(SYNC_INVOICES);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [run, setRun] = useState<StartedRun | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const setFilter = useQueryFilter();
  const books = useBookedInvoices(result.data?.connections);
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    books.reload();
  };
  const edges = result.data?.invoices.edges ?? [];
  const connectionId = heldConnectionId(result.data?.connections);
  const startPlanned = (planned: StartedRun) => {
    setRun(planned);
    setSelected(new Set());
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const syncSelected = async () => {
    setError(null);
    const response = await syncMany({ ids: [...selected] });
    const outcome = response.data?.syncInvoices;
    const failure = requestError(response.error) ?? userError(outcome);
    setError(failure);
    if (!failure && outcome?.__typename === "SyncInvoicesSuccess") {
      setRun({ id: outcome.run.id, label: `Sync of ${selected.size} invoices` });
      setSelected(new Set());
    }
  };
  return (
    <>
      <h1>Invoices</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter invoices">
        <label for="filter-status">Status</label>
        <select id="filter-status" value={status ?? ""} onChange={(e) => setFilter("status", e.currentTarget.value)}>
          <option value="">Any</option>
          {INVOICE_STATUSES.map((s) => (
            <option key={s.value} value={s.value}>{s.label}</option>
          ))}
        </select>
        <label for="filter-sync">Sync status</label>
        <select id="filter-sync" value={syncStatus ?? ""} onChange={(e) => setFilter("sync", e.currentTarget.value)}>
          <option value="">Any</option>
          {SYNC_STATUSES.map((s) => (
            <option key={s.value} value={s.value}>{s.label}</option>
          ))}
        </select>
        <button type="button" class="button" disabled={selected.size === 0} onClick={syncSelected}>
          Sync selected{selected.size ? ` (${selected.size})` : ""}
        </button>
        <PreviewButton
          connectionId={connectionId}
          scope={{ kind: "SYNC_INVOICES", invoiceIds: [...selected] }}
          subject={plural(selected.size, "selected invoice")}
          disabled={selected.size === 0}
          onRun={startPlanned}
        />
      </form>
      <ErrorAlert error={error ?? requestError(result.error)} />
      {run && <RunProgress key={run.id} runId={run.id} label={run.label} onFinished={reload} />}
      {result.fetching && !result.data ? (
        <p role="status">Loading invoices…</p>
      ) : (
        <>
          <p class="muted" aria-live="polite">
            {plural(result.data?.invoices.totalCount ?? 0, "invoice")}
            {result.data?.invoices.pageInfo.hasNextPage ? ` (showing the newest ${edges.length})` : ""}
          </p>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col"><span class="visually-hidden">Select</span></th>
                  <th scope="col">Number</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">Total</th>
                  <th scope="col" class="num">Balance</th>
                  <th scope="col">Exchange rate</th>
                  <th scope="col" class="num">Booked in home currency</th>
                  <th scope="col">In the books</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {edges.map(({ node }) => {
                  const state = invoiceStatus(node.status);
                  const booked = books.booked.get(node.id);
                  return (
                    <tr key={node.id} data-invoice={node.number}>
                      <td>
                        <input type="checkbox" aria-label={`Select invoice ${node.number}`} checked={selected.has(node.id)} onChange={(e) => toggle(node.id, e.currentTarget.checked)} />
                      </td>
                      <td class="nowrap">
                        <Link to={`/invoices/${encodeURIComponent(node.id)}`}>{node.number}</Link>
                        {node.docType === "ESTIMATE" && <span class="muted"> (estimate)</span>}
                        {node.locked && <span class="chip chip-none chip-lock" title={LOCKED_REASON}>Locked</span>}
                      </td>
                      <td>{node.customer.name}</td>
                      <td class="nowrap">{node.issueDate}</td>
                      <td data-status={node.status}><Badge tone={state.tone}>{state.label}</Badge></td>
                      <td class="num">{money(node.total, node.currency)}</td>
                      <td class="num">{money(node.balance, node.currency)}</td>
                      <td class="nowrap" data-rate>{documentRateText(booked?.exchangeRate ?? node.exchangeRate, node.currency, books.home)}</td>
                      <td class="num" data-home-total>{booked?.homeTotal && books.home ? money(booked.homeTotal, books.home) : "—"}</td>
                      <td><SyncChip info={node.syncStatus} subject={`invoice ${node.number}`} /></td>
                      <td><InvoiceActions invoice={node} onRun={setRun} onError={setError} connectionId={connectionId} /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {edges.length === 0 && <p>No invoices match these filters.</p>}
          <InvoiceTotals rows={result.data?.invoiceTotals ?? []} />
        </>
      )}
    </>
  );
}

export function plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}
