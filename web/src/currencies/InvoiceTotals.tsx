import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import type { InvoiceStatus } from "../gql/graphql";
import { money } from "../invoices/labels";
import { INVOICE_TOTALS } from "./operations";

/** What the listed documents add up to, one row per currency (never one total across currencies). */
export function InvoiceTotals({ status }: { status: InvoiceStatus | null }): JSX.Element | null {
  const [result] = useQuery({ query: INVOICE_TOTALS, variables: { status: status ? [status] : null } });
  const rows = result.data?.invoiceTotals ?? [];
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
