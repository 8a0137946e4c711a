import type { JSX } from "preact";
import type { InvoicesQuery } from "../gql/graphql";
import { money } from "../invoices/labels";

/** What the listed documents add up to, one row per currency (never one total across currencies). */
export function InvoiceTotals({ rows }: { rows: InvoicesQuery["invoiceTotals"] }): JSX.Element | null {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="totals-heading">
      <h2 id="totals-heading">Totals by currency</h2>
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" class="num">Documents</th>
              <th scope="col" class="num">Total</th>
              <th scope="col" class="num">Paid</th>
              <th scope="col" class="num">Owed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.currency} data-currency-total={row.currency}>
                <td>{row.currency}</td>
                <td class="num">{row.count}</td>
                <td class="num">{money(row.total, row.currency)}</td>
                <td class="num">{money(row.amountPaid, row.currency)}</td>
                <td class="num">{money(row.balance, row.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">Totals cover every document matching the status filter, not only the ones shown.</p>
    </section>
  );
}
