import type { JSX } from "preact";
import type { PlanItemLike, PlanView } from "./logic";
import { actionLabel } from "./logic";

function ItemTable({ items, caption }: { items: PlanItemLike[]; caption: string }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Action</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={`${item.localId}-${item.label}`} data-plan-item={item.label} data-plan-action={item.action}>
              <td>{item.label}</td>
              <td>{actionLabel(item.action)}</td>
              <td>
                {item.reason ?? "—"}
                {item.errorCode && <span class="muted"> ({item.errorCode})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A sync plan as the Preview dialog shows it: counts, records, calls and the daily budget. */
export function PlanDetails({ view }: { view: PlanView }): JSX.Element {
  return (
    <div data-plan={view.id}>
      <p>Nothing has been sent to the books. This is what the sync would do:</p>
      <ul class="plan-counts">
        {view.counts.map((c) => (
          <li key={c.action} data-plan-count={c.action}>
            {c.label}: <strong>{c.records}</strong>
          </li>
        ))}
      </ul>
      {view.runError && (
        <div class="alert alert-warn" role="status" data-plan-run-error>
          The sync would stop: {view.runError}
        </div>
      )}
      {view.resolvedFirst.length > 0 && <ItemTable items={view.resolvedFirst} caption="Customers and items handled first" />}
      <ItemTable items={view.requested} caption="Records you asked to sync" />
      {view.hiddenItems > 0 && <p class="muted">and {view.hiddenItems} more records not shown.</p>}
      <p data-plan-budget class={view.overBudget ? "field-error" : undefined}>
        Calls to the books: {view.budgetText}
        {view.overBudget && ". That is more than is left today, so the sync would stop part way."}
      </p>
      {view.calls.length > 0 && (
        <ul class="plan-calls">
          {view.calls.map((c) => (
            <li key={c.operation}>
              {c.label}: {c.calls}
            </li>
          ))}
        </ul>
      )}
      {!view.runnable && !view.runError && <p class="muted">Nothing in this plan would be sent, so there is nothing to run.</p>}
    </div>
  );
}
