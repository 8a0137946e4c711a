import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import type { SyncKind, SyncRunStatus } from "../gql/graphql";
import { SYNC_RUNS } from "../operations";
import { requestError } from "../state/errors";
import { formatDateTime } from "../state/syncChip";
import { RUN_KINDS, duration, kindLabel, triggerLabel } from "../state/runs";
import { ErrorAlert } from "../components/Alert";
import { Badge } from "../components/Chip";
import { statusWord } from "../components/ProgressBar";
import { Link, useQueryFilter, useRoute } from "../router";

const STATUSES = ["QUEUED", "RUNNING", "WAITING", "SUCCEEDED", "PARTIAL", "FAILED"];

export function runTone(status: string): "ok" | "pending" | "error" | "warn" {
  if (status === "SUCCEEDED") return "ok";
  if (status === "FAILED") return "error";
  if (status === "PARTIAL") return "warn";
  return "pending";
}

export function SyncsPage(): JSX.Element {
  const { query } = useRoute();
  const kind = (query.get("kind") || null) as SyncKind | null;
  const status = (query.get("status") || null) as SyncRunStatus | null;
  const [result] = useQuery({ query: SYNC_RUNS, variables: { first: 50, kind, status } });
  const setFilter = useQueryFilter();
  const runs = result.data?.syncRuns.edges.map((e) => e.node) ?? [];
  return (
    <>
      <h1>Recent syncs</h1>
      <form class="filters" aria-label="Filter syncs" onSubmit={(e) => e.preventDefault()}>
        <label for="filter-kind">Kind</label>
        <select id="filter-kind" value={kind ?? ""} onChange={(e) => setFilter("kind", e.currentTarget.value)}>
          <option value="">Any</option>
          {RUN_KINDS.map((k) => <option key={k} value={k}>{kindLabel(k)}</option>)}
        </select>
        <label for="filter-run-status">Status</label>
        <select id="filter-run-status" value={status ?? ""} onChange={(e) => setFilter("status", e.currentTarget.value)}>
          <option value="">Any</option>
          {STATUSES.map((s) => <option key={s} value={s}>{statusWord(s)}</option>)}
        </select>
      </form>
      <ErrorAlert error={requestError(result.error)} />
      {result.fetching && !result.data ? (
        <p role="status">Loading syncs…</p>
      ) : runs.length === 0 ? (
        <p>No syncs yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Kind</th>
                <th scope="col">Trigger</th>
                <th scope="col">Started by</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">Done</th>
                <th scope="col" class="num">Failed</th>
                <th scope="col" class="num">Skipped</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} data-run-kind={run.kind}>
                  <td><Link to={`/syncs/${encodeURIComponent(run.id)}`}>{formatDateTime(run.createdAt)}</Link></td>
                  <td>{kindLabel(run.kind)}</td>
                  <td>{triggerLabel(run.trigger)}</td>
                  <td>{run.startedBy?.name ?? "—"}</td>
                  <td data-run-status={run.status}>
                    <Badge tone={runTone(run.status)}>{statusWord(run.status)}</Badge>
                    {run.waitingReason && <span class="muted run-waiting"> {run.waitingReason}</span>}
                  </td>
                  <td class="num">{run.succeeded} / {run.total}</td>
                  <td class="num">{run.failed}</td>
                  <td class="num">{run.skipped}</td>
                  <td>{duration(run.startedAt, run.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
