// What the books booked for synced invoices (their invoice mappings).
import { graphql } from "../gql";

export const INVOICE_MAPPINGS = graphql(`
  query InvoiceMappings($connectionId: ID!) {
    mappings(connectionId: $connectionId, entity: INVOICE, first: 200) {
      edges { node { id localId currency exchangeRate homeTotal } }
    }
  }
`);
