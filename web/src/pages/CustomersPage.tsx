import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useMutation, useQuery } from "@urql/preact";
import { CUSTOMERS, IMPORT_CUSTOMERS, SYNC_CUSTOMER } from "../operations";
import { requestError, userError, type ShownError } from "../state/errors";
import { ErrorAlert } from "../components/Alert";
import { SyncChip } from "../components/Chip";
import { RunProgress } from "../components/RunProgress";
import { platformOf } from "../connections/platforms";
import { PreviewButton } from "../plans/PreviewButton";

export function CustomersPage(): JSX.Element {
  const [search, setSearch] = useState("");
  const [applied, setApplied] = useState("");
  const [result, refetch] = useQuery({ query: CUSTOMERS, variables: { first: 100, search: applied || null } });
  const [, syncCustomer] = useMutation(SYNC_CUSTOMER);
  const [, importCustomers] = useMutation(IMPORT_CUSTOMERS);
  const [run, setRun] = useState<{ id: string; label: string } | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const live = result.data?.connections.find((c) => c.status === "ACTIVE" || c.status === "ERROR") ?? null;
  const reload = () => refetch({ requestPolicy: "network-only" });
  const sync = async (id: string, name: string) => {
    setError(null);
    const response = await syncCustomer({ id });
    const outcome = response.data?.syncCustomer;
    const failure = requestError(response.error) ?? userError(outcome);
    setError(failure);
    if (!failure && outcome?.__typename === "SyncCustomerSuccess") setRun({ id: outcome.run.id, label: `Sync of ${name}` });
  };
  const runImport = async () => {
    if (!live) return;
    setError(null);
    const response = await importCustomers({ connectionId: live.id });
    const outcome = response.data?.importCustomers;
    const failure = requestError(response.error) ?? userError(outcome);
    setError(failure);
    if (!failure && outcome?.__typename === "ImportCustomersSuccess") setRun({ id: outcome.run.id, label: "Customer import" });
  };
  const edges = result.data?.customers.edges ?? [];
  return (
    <>
      <h1>Customers</h1>
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); setApplied(search.trim()); }}>
        <label for="customer-search">Name or email</label>
        <input id="customer-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        <button type="submit" class="button">Search</button>
        {live && (
          <button type="button" class="button" onClick={runImport}>
            Import from {platformOf(live.provider).name}
          </button>
        )}
      </form>
      <ErrorAlert error={error ?? requestError(result.error)} />
      {run && <RunProgress key={run.id} runId={run.id} label={run.label} onFinished={reload} />}
      {result.fetching && !result.data ? (
        <p role="status">Loading customers…</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Currency</th>
                <th scope="col">In the books</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {edges.map(({ node }) => (
                <tr key={node.id} data-customer={node.name}>
                  <td>{node.name}{!node.active && <span class="muted"> (inactive)</span>}</td>
                  <td>{node.email ?? "—"}</td>
                  <td>{node.currency}</td>
                  <td><SyncChip info={node.syncStatus} subject={node.name} /></td>
                  <td>
                    <button type="button" class="button button-small" aria-label={`Sync to the books: ${node.name}`} onClick={() => sync(node.id, node.name)}>
                      Sync to the books
                    </button>
                    <PreviewButton connectionId={live?.id ?? null} scope={{ kind: "SYNC_CUSTOMER", customerId: node.id }} subject={node.name} onRun={setRun} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {edges.length === 0 && <p>No customers found.</p>}
        </div>
      )}
    </>
  );
}
