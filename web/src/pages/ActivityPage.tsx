import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import type { ActivitySource } from "../gql/graphql";
import { ACTIVITIES } from "../operations";
import { requestError } from "../state/errors";
import { ErrorAlert } from "../components/Alert";
import { ActivityTable, sourceLabel } from "../components/ActivityList";
import { useQueryFilter, useRoute } from "../router";

const SUBJECTS = ["Invoice", "Customer", "Item", "Payment", "Connection", "SyncRun"];
const SUBJECT_WORDS: Record<string, string> = { SyncRun: "Sync", Connection: "Connection" };

export function ActivityPage(): JSX.Element {
  const { query } = useRoute();
  const source = (query.get("source") || null) as ActivitySource | null;
  const subjectType = query.get("subject") || null;
  const [result] = useQuery({ query: ACTIVITIES, variables: { first: 100, source, subjectType } });
  const setFilter = useQueryFilter();
  const entries = result.data?.activities.edges.map((e) => e.node) ?? [];
  return (
    <>
      <h1>Activity</h1>
      <p class="lead">Everything done to your firm's records and its connection: who, when and from where.</p>
      <form class="filters" aria-label="Filter activity" onSubmit={(e) => e.preventDefault()}>
        <label for="filter-source">Done by</label>
        <select id="filter-source" value={source ?? ""} onChange={(e) => setFilter("source", e.currentTarget.value)}>
          <option value="">Anyone</option>
          {["USER", "SYSTEM", "PROVIDER"].map((s) => <option key={s} value={s}>{sourceLabel(s)}</option>)}
        </select>
        <label for="filter-subject">Record</label>
        <select id="filter-subject" value={subjectType ?? ""} onChange={(e) => setFilter("subject", e.currentTarget.value)}>
          <option value="">Any</option>
          {SUBJECTS.map((s) => <option key={s} value={s}>{SUBJECT_WORDS[s] ?? s}</option>)}
        </select>
      </form>
      <ErrorAlert error={requestError(result.error)} />
      {result.fetching && !result.data ? <p role="status">Loading activity…</p> : <ActivityTable entries={entries} caption="Your firm's activity" />}
    </>
  );
}
