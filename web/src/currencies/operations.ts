// Currency reads: what the books booked for synced invoices, and invoice totals per currency.
import { graphql } from "../gql";

export const BOOKED_INVOICES = graphql(`
  query BookedInvoices {
    connections { id status homeCurrency }
  }
`);

export const INVOICE_MAPPINGS = graphql(`
  query InvoiceMappings($connectionId: ID!) {
    mappings(connectionId: $connectionId, entity: INVOICE, first: 200) {
      edges { node { id localId currency exchangeRate homeTotal } }
    }
  }
`);

export const INVOICE_TOTALS = graphql(`
  query InvoiceTotals($status: [InvoiceStatus!]) {
    invoiceTotals(status: $status) { currency count total amountPaid balance }
  }
`);
