import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { SYNC_RUN } from "../operations";
import { requestError } from "../state/errors";
import { formatDateTime } from "../state/syncChip";
import { TERMINAL_RUN, duration, kindLabel, outcomeLabel, triggerLabel } from "../state/runs";
import { ErrorAlert } from "../components/Alert";
import { Badge } from "../components/Chip";
import { statusWord } from "../components/ProgressBar";
import { RunProgress } from "../components/RunProgress";
import { Link } from "../router";
import { runTone } from "./SyncsPage";

const OUTCOME_TONE: Record<string, "ok" | "warn" | "error" | "none"> = {
  SUCCEEDED: "ok",
  WARNING: "warn",
  FAILED: "error",
  SKIPPED: "none",
};

export function SyncRunPage({ id }: { id: string }): JSX.Element {
  const [result, refetch] = useQuery({ query: SYNC_RUN, variables: { id } });
  const run = result.data?.syncRun;
  if (result.fetching && !run) return <p role="status">Loading the sync…</p>;
  if (!run) {
    return (
      <>
        <h1>Sync</h1>
        <ErrorAlert error={requestError(result.error) ?? { code: "NOT_FOUND", message: "No sync of your firm has this id.", field: null }} />
      </>
    );
  }
  const items = run.items.edges.map((e) => e.node);
  const going = !TERMINAL_RUN.has(run.status);
  return (
    <>
      <p class="breadcrumb">
        <Link to="/syncs">Recent syncs</Link> › {kindLabel(run.kind)}
      </p>
      <h1>{kindLabel(run.kind)}</h1>
      <dl class="facts">
        <div><dt>Status</dt><dd data-run-status={run.status}><Badge tone={runTone(run.status)}>{statusWord(run.status)}</Badge></dd></div>
        <div><dt>Trigger</dt><dd>{triggerLabel(run.trigger)}</dd></div>
        <div><dt>Started by</dt><dd>{run.startedBy?.name ?? "—"}</dd></div>
        <div><dt>Queued</dt><dd>{formatDateTime(run.createdAt)}</dd></div>
        <div><dt>Duration</dt><dd>{duration(run.startedAt, run.finishedAt)}</dd></div>
        <div><dt>Records</dt><dd>{run.succeeded} succeeded, {run.failed} failed, {run.skipped} skipped of {run.total}</dd></div>
      </dl>
      {run.error && <div class="alert alert-error" role="alert">{run.error}</div>}
      {going && (
        <RunProgress
          runId={run.id}
          label="Sync progress"
          showLink={false}
          waitingReason={run.waitingReason}
          onStatusChange={(live) => {
            if (live !== run.status) refetch({ requestPolicy: "network-only" });
          }}
          onFinished={() => refetch({ requestPolicy: "network-only" })}
        />
      )}
      <h2>Records</h2>
      {items.length === 0 ? (
        <p>{going ? "No record processed yet." : "This sync had no records to process."}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Outcome</th>
                <th scope="col">What was done</th>
                <th scope="col">Error code</th>
                <th scope="col">Message</th>
                <th scope="col">What to do</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} data-outcome={item.outcome}>
                  <td>{item.label}{item.remoteId ? <span class="muted"> ({item.remoteId})</span> : null}</td>
                  <td><Badge tone={OUTCOME_TONE[item.outcome] ?? "none"}>{outcomeLabel(item.outcome)}</Badge></td>
                  <td>{item.action || "—"}</td>
                  <td>{item.errorCode ? <code>{item.errorCode}</code> : "—"}</td>
                  <td>{item.message ?? "—"}</td>
                  <td class="hint">{item.hint ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
