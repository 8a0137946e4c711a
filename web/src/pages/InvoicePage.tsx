import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useQuery } from "@urql/preact";
import { INVOICE } from "../operations";
import { requestError, type ShownError } from "../state/errors";
import { ErrorAlert, Notice } from "../components/Alert";
import { Badge, SyncChip } from "../components/Chip";
import { RunProgress } from "../components/RunProgress";
import { ActivityTable } from "../components/ActivityList";
import { InvoiceActions, type StartedRun } from "../invoices/InvoiceActions";
import { LOCKED_REASON, invoiceStatus, money } from "../invoices/labels";
import { Link } from "../router";
import { useBookedInvoices } from "../currencies/useBooked";
import { documentRateText, rateText } from "../currencies/logic";
import { heldConnectionId } from "../plans/logic";

export function InvoicePage({ id }: { id: string }): JSX.Element {
  const [result, refetch] = useQuery({ query: INVOICE, variables: { id } });
  const [run, setRun] = useState<StartedRun | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const books = useBookedInvoices(result.data?.connections);
  const invoice = result.data?.invoice;
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    books.reload();
  };
  if (result.fetching && !invoice) return <p role="status">Loading the invoice…</p>;
  if (!invoice) {
    return (
      <>
        <h1>Invoice</h1>
        <ErrorAlert error={requestError(result.error) ?? { code: "NOT_FOUND", message: "No invoice of your firm has this id.", field: null }} />
      </>
    );
  }
  const state = invoiceStatus(invoice.status);
  const money$ = (amount: string) => money(amount, invoice.currency);
  const booked = books.booked.get(invoice.id);
  const activities = result.data?.activities.edges.map((e) => e.node) ?? [];
  return (
    <>
      <p class="breadcrumb">
        <Link to="/invoices">Invoices</Link> › {invoice.number}
      </p>
      <h1>
        {invoice.docType === "ESTIMATE" ? "Estimate" : "Invoice"} {invoice.number}
      </h1>
      <dl class="facts">
        <div><dt>Customer</dt><dd>{invoice.customer.name}</dd></div>
        <div><dt>Status</dt><dd data-status={invoice.status}><Badge tone={state.tone}>{state.label}</Badge></dd></div>
        <div><dt>Issued</dt><dd>{invoice.issueDate}</dd></div>
        <div><dt>Due</dt><dd>{invoice.dueDate ?? "—"}</dd></div>
        <div><dt>Total</dt><dd>{money$(invoice.total)}</dd></div>
        <div><dt>Balance</dt><dd>{money$(invoice.balance)}</dd></div>
        <div><dt>Currency</dt><dd data-currency>{invoice.currency}</dd></div>
        <div><dt>Document's exchange rate</dt><dd data-rate>{documentRateText(invoice.exchangeRate, invoice.currency, books.home)}</dd></div>
        {booked?.exchangeRate && (
          <div><dt>Rate the books booked</dt><dd data-booked-rate>{rateText(booked.exchangeRate, booked.currency ?? invoice.currency, books.home)}</dd></div>
        )}
        {booked?.homeTotal && books.home && (
          <div><dt>Booked in home currency</dt><dd data-home-total>{money(booked.homeTotal, books.home)}</dd></div>
        )}
        <div><dt>In the books</dt><dd><SyncChip info={invoice.syncStatus} subject={`invoice ${invoice.number}`} /></dd></div>
      </dl>
      {invoice.locked && <Notice tone="info">{LOCKED_REASON}</Notice>}
      <InvoiceActions invoice={invoice} onRun={setRun} onError={setError} connectionId={heldConnectionId(result.data?.connections)} />
      <ErrorAlert error={error} />
      {run && <RunProgress key={run.id} runId={run.id} label={run.label} onFinished={reload} />}
      <h2>Lines</h2>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col">Item</th>
              <th scope="col" class="num">Quantity</th>
              <th scope="col" class="num">Unit price</th>
              <th scope="col" class="num">Tax %</th>
              <th scope="col" class="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.description}</td>
                <td>{line.item?.name ?? "—"}</td>
                <td class="num">{line.quantity}</td>
                <td class="num">{money$(line.unitPrice)}</td>
                <td class="num">{line.taxRate}</td>
                <td class="num">{money$(line.amount)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><th scope="row" colSpan={5}>Subtotal</th><td class="num">{money$(invoice.subtotal)}</td></tr>
            <tr><th scope="row" colSpan={5}>Tax</th><td class="num">{money$(invoice.taxTotal)}</td></tr>
            <tr><th scope="row" colSpan={5}>Total</th><td class="num">{money$(invoice.total)}</td></tr>
          </tfoot>
        </table>
      </div>
      <h2>Payments</h2>
      {invoice.payments.length === 0 ? (
        <p>No payments yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Method</th>
                <th scope="col">Reference</th>
                <th scope="col">Recorded in</th>
                <th scope="col" class="num">Applied</th>
              </tr>
            </thead>
            <tbody>
              {invoice.payments.map((application) => (
                <tr key={application.id}>
                  <td>{application.payment?.date ?? "—"}</td>
                  <td>{application.payment?.method ?? "—"}</td>
                  <td>{application.payment?.reference ?? "—"}</td>
                  <td>{application.payment?.origin === "PROVIDER" ? "The books" : "Here"}</td>
                  <td class="num">{money$(application.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Activity</h2>
      <ActivityTable entries={activities} caption={`Activity of invoice ${invoice.number}`} />
    </>
  );
}
