import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useMutation, useQuery } from "@urql/preact";
import { CONNECTIONS } from "../operations";
import { mutationOutcome, requestError, type ShownError } from "../state/errors";
import { formatDateTime } from "../state/syncChip";
import { ErrorAlert } from "../components/Alert";
import { Badge } from "../components/Chip";
import { RunProgress } from "../components/RunProgress";
import { Link, useQueryFilter, useRoute } from "../router";
import { RECONCILE, RECONCILIATION, REPORT_RUN } from "../reconciliation/operations";
import { reportView } from "../reconciliation/logic";
import { ReportDetails } from "../reconciliation/ReportDetails";

/** Reconciliation of the firm's held connection (the one that is not revoked). */
export function ReconciliationPage(): JSX.Element {
  const [result] = useQuery({ query: CONNECTIONS });
  const held = result.data?.connections.find((c) => c.status !== "REVOKED") ?? null;
  if (result.fetching && !result.data) return <p role="status">Loading…</p>;
  return (
    <>
      <h1>Reconciliation</h1>
      <p class="muted">
        Compare your open invoices, recent payments and customers with the accounting books, and fix
        what differs.
      </p>
      <ErrorAlert error={requestError(result.error)} />
      {held ? (
        <Reconciliation connectionId={held.id} />
      ) : (
        <p data-empty="no-connection">
          Your firm is not connected to accounting books. <Link to="/connections">Connect them</Link> first.
        </p>
      )}
    </>
  );
}

function Reconciliation({ connectionId }: { connectionId: string }): JSX.Element {
  const [result, refetch] = useQuery({ query: RECONCILIATION, variables: { connectionId } });
  const [state, reconcile] = useMutation(RECONCILE);
  const [error, setError] = useState<ShownError | null>(null);
  const { query } = useRoute();
  const setFilter = useQueryFilter();
  const reports = result.data?.reconciliationReports.edges.map((e) => e.node) ?? [];
  const chosen = reports.find((r) => r.id === query.get("report")) ?? reports[0] ?? null;
  // A report still running (normally the newest) keeps its progress shown while another is viewed.
  const running = reports.find((r) => r.status === "RUNNING") ?? null;
  const [run, refetchRun] = useQuery({ query: REPORT_RUN, variables: { id: running?.runId ?? "" }, pause: !running });
  const runStatus = running && running.id === chosen?.id ? (run.data?.syncRun?.status ?? null) : null;
  const reload = () => refetch({ requestPolicy: "network-only" });
  const start = async () => {
    setError(null);
    const { outcome, failure } = mutationOutcome(await reconcile({ connectionId }), "reconcile");
    setError(failure);
    if (!failure && outcome?.__typename === "ReconcileSuccess") {
      setFilter("report", outcome.report.id);
      reload();
    }
  };
  return (
    <>
      <div class="actions">
        <button type="button" class="button button-primary" disabled={state.fetching || running !== null} onClick={start}>
          Run a report
        </button>
      </div>
      <ErrorAlert error={error ?? requestError(result.error)} />
      {running && (
        <RunProgress
          key={running.runId}
          runId={running.runId}
          label="Reconciliation progress"
          waitingReason={run.data?.syncRun?.waitingReason ?? null}
          onStatusChange={() => refetchRun({ requestPolicy: "network-only" })}
          onFinished={reload}
        />
      )}
      {result.fetching && !result.data ? (
        <p role="status">Loading reports…</p>
      ) : chosen ? (
        <ReportDetails key={`${chosen.id}-${chosen.status}`} reportId={chosen.id} connectionId={connectionId} runStatus={runStatus} />
      ) : (
        <p data-empty="no-report">No report yet. Run one to compare your records with the books.</p>
      )}
      {reports.length > 0 && (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Earlier reports</h2>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr><th scope="col">Queued</th><th scope="col">Status</th><th scope="col" class="num">Discrepancies</th><th scope="col">View</th></tr>
              </thead>
              <tbody>
                {reports.map((r) => {
                  const view = reportView(r.status, { error: r.error, total: r.totalDiscrepancies });
                  const here = r.id === chosen?.id;
                  return (
                    <tr key={r.id} data-history-report={r.id}>
                      <td>{formatDateTime(r.createdAt)}</td>
                      <td><Badge tone={view.tone}>{view.label}</Badge></td>
                      <td class="num">{r.totalDiscrepancies}</td>
                      <td>
                        {here ? (
                          <span aria-current="true">Shown above</span>
                        ) : (
                          <button type="button" class="button" onClick={() => setFilter("report", r.id)} aria-label={`View the report of ${formatDateTime(r.createdAt)}`}>
                            View
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
