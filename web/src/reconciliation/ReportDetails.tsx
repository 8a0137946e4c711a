import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useClient, useQuery } from "@urql/preact";
import type { DiscrepancyKind } from "../gql/graphql";
import { requestError, type ShownError } from "../state/errors";
import { formatDateTime } from "../state/syncChip";
import { money } from "../invoices/labels";
import { ErrorAlert } from "../components/Alert";
import { Badge } from "../components/Chip";
import { REPORT, REPORT_CSV } from "./operations";
import { DISCREPANCY_KINDS, csvBlob, csvFileName, discrepancyKindLabel, reportView } from "./logic";
import { FixButton } from "./FixButton";

export const DISCREPANCY_PAGE = 25;

interface Props {
  reportId: string;
  connectionId: string;
  /** The report's run status when it is RUNNING (WAITING: the Web Connector or the call limit). */
  runStatus: string | null;
}

/** One report: its state, the summary by kind, its discrepancies (by kind, a page at a time) and its CSV. */
export function ReportDetails({ reportId, connectionId, runStatus }: Props): JSX.Element {
  const [kind, setKind] = useState<DiscrepancyKind | "">("");
  // Cursors of the pages before the current one, to go back.
  const [cursors, setCursors] = useState<(string | null)[]>([]);
  const after = cursors.length ? cursors[cursors.length - 1]! : null;
  const [result] = useQuery({
    query: REPORT,
    variables: { id: reportId, kind: kind || null, first: DISCREPANCY_PAGE, after },
    requestPolicy: "cache-and-network",
  });
  const report = result.data?.reconciliationReport;
  if (result.fetching && !report) return <p role="status">Loading the report…</p>;
  if (!report) {
    return <ErrorAlert error={requestError(result.error) ?? { code: "NOT_FOUND", message: "This report no longer exists.", field: null }} />;
  }
  const view = reportView(report.status, { runStatus, error: report.error, total: report.totalDiscrepancies });
  const page = report.discrepancies;
  const chooseKind = (next: string) => {
    setKind(next as DiscrepancyKind | "");
    setCursors([]);
  };
  return (
    <section aria-labelledby="report-heading" data-report-id={report.id} data-report-status={report.status}>
      <h2 id="report-heading">Report of {formatDateTime(report.createdAt)}</h2>
      <dl class="facts">
        <div><dt>Status</dt><dd><Badge tone={view.tone}>{view.label}</Badge></dd></div>
        <div><dt>Payments compared since</dt><dd>{report.paymentsSince}</dd></div>
        <div><dt>Completed</dt><dd>{report.finishedAt ? formatDateTime(report.finishedAt) : "—"}</dd></div>
        <div><dt>Discrepancies</dt><dd data-total-discrepancies={report.totalDiscrepancies}>{report.totalDiscrepancies}</dd></div>
      </dl>
      {view.message && (
        <p class={`alert alert-${view.tone === "error" ? "error" : view.tone === "ok" ? "ok" : "info"}`} role={view.tone === "error" ? "alert" : "status"} data-report-message>
          {view.message}
        </p>
      )}
      {report.status === "COMPLETED" && report.totalDiscrepancies > 0 && (
        <>
          <CsvDownload reportId={report.id} />
          <h3>Summary by kind</h3>
          <div class="table-wrap">
            <table class="table" aria-label="Discrepancies by kind">
              <thead>
                <tr><th scope="col">Kind</th><th scope="col" class="num">Count</th><th scope="col" class="num">Amount at stake</th></tr>
              </thead>
              <tbody>
                {/* One row per kind and currency: amounts of different currencies are never added. */}
                {report.byKind.map((row) => (
                  <tr key={`${row.kind}:${row.currency ?? ""}`} data-kind={row.kind} data-currency={row.currency ?? ""}>
                    <td>{discrepancyKindLabel(row.kind)}</td>
                    <td class="num">{row.count}</td>
                    <td class="num">{row.currency ? money(row.amount, row.currency) : row.amount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted">A kind found in several currencies has one row for each currency.</p>
          <h3>Discrepancies</h3>
          <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter discrepancies">
            <label for="filter-kind">Kind</label>
            <select id="filter-kind" value={kind} onChange={(e) => chooseKind(e.currentTarget.value)}>
              <option value="">Any</option>
              {DISCREPANCY_KINDS.map((k) => (
                <option key={k} value={k}>{discrepancyKindLabel(k)}</option>
              ))}
            </select>
          </form>
          <p class="muted" aria-live="polite">{page.totalCount} matching{cursors.length ? `, page ${cursors.length + 1}` : ""}</p>
          <div class="table-wrap">
            <table class="table" aria-label="Discrepancies">
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Here</th>
                  <th scope="col">In the books</th>
                  <th scope="col" class="num">Amount</th>
                  <th scope="col">Fix</th>
                </tr>
              </thead>
              <tbody>
                {page.edges.map(({ node }) => (
                  <tr key={node.id} data-discrepancy={node.kind} data-label={node.label}>
                    <td>{node.label}{node.remoteId ? <span class="muted"> ({node.remoteId})</span> : null}</td>
                    <td>{discrepancyKindLabel(node.kind)}</td>
                    <td>{node.localValue ?? "—"}</td>
                    <td>{node.remoteValue ?? "—"}</td>
                    <td class="num">{node.currency ? money(node.amount, node.currency) : node.amount}</td>
                    <td>
                      <FixButton connectionId={connectionId} action={node.action} localId={node.localId} hint={node.hint} label={node.label} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.edges.length === 0 && <p>No discrepancy of this kind.</p>}
          <div class="actions">
            <button type="button" class="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              Previous page
            </button>
            <button type="button" class="button" disabled={!page.pageInfo.hasNextPage} onClick={() => setCursors([...cursors, page.pageInfo.endCursor ?? null])}>
              Next page
            </button>
          </div>
          {report.customers.length > 0 && (
            <>
              <h3>Customers whose open balance differs</h3>
              <div class="table-wrap">
                <table class="table" aria-label="Customer balances">
                  <thead>
                    <tr><th scope="col">Customer</th><th scope="col" class="num">Open here</th><th scope="col" class="num">Open in the books</th></tr>
                  </thead>
                  <tbody>
                    {report.customers.map((c) => (
                      <tr key={`${c.customerId}-${c.currency ?? ""}`}><td>{c.name}</td><td class="num">{c.currency ? money(c.here, c.currency) : c.here}</td><td class="num">{c.currency ? money(c.there, c.currency) : c.there}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** Reads the report's `csv` only when asked, and hands it to the browser as a file. */
function CsvDownload({ reportId }: { reportId: string }): JSX.Element {
  const client = useClient();
  const [error, setError] = useState<ShownError | null>(null);
  const download = async () => {
    setError(null);
    const result = await client.query(REPORT_CSV, { id: reportId }, { requestPolicy: "network-only" }).toPromise();
    const report = result.data?.reconciliationReport;
    if (!report) {
      setError(requestError(result.error) ?? { code: "NOT_FOUND", message: "This report no longer exists.", field: null });
      return;
    }
    const url = URL.createObjectURL(csvBlob(report.csv));
    const link = document.createElement("a");
    link.href = url;
    link.download = csvFileName(report.createdAt);
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked after the click has handed the file over.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <div class="actions">
      <button type="button" class="button" onClick={download}>Download CSV</button>
      <ErrorAlert error={error} />
    </div>
  );
}
