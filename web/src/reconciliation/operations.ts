// The GraphQL operations of the Reconciliation page (types generated into ../gql).
import { graphql } from "../gql";

export const REPORT_SUMMARY_FIELDS = graphql(`
  fragment ReportSummaryFields on ReconciliationReportNode {
    id
    connectionId
    runId
    status
    paymentsSince
    error
    createdAt
    finishedAt
    totalDiscrepancies
  }
`);

export const RECONCILIATION = graphql(`
  query Reconciliation($connectionId: ID!) {
    connection(id: $connectionId) { id provider status remoteCompanyName homeCurrency }
    reconciliationReports(connectionId: $connectionId, first: 20) {
      totalCount
      edges { node { ...ReportSummaryFields } }
    }
  }
`);

export const REPORT = graphql(`
  query Report($id: ID!, $kind: DiscrepancyKind, $first: Int, $after: String) {
    reconciliationReport(id: $id) {
      ...ReportSummaryFields
      byKind { kind currency count amount }
      customers { customerId remoteId name currency here there }
      discrepancies(kind: $kind, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges {
          node { id kind action label localId remoteId localValue remoteValue currency amount hint }
        }
      }
    }
  }
`);

export const REPORT_CSV = graphql(`
  query ReportCsv($id: ID!) {
    reconciliationReport(id: $id) { id createdAt csv }
  }
`);

export const REPORT_RUN = graphql(`
  query ReportRun($id: ID!) {
    syncRun(id: $id) { id status waitingReason }
  }
`);

export const RECONCILE = graphql(`
  mutation Reconcile($connectionId: ID!) {
    reconcile(connectionId: $connectionId) {
      __typename
      ... on ReconcileSuccess { report { ...ReportSummaryFields } }
      ... on UserError { message code field }
    }
  }
`);

export const IMPORT_INVOICES = graphql(`
  mutation ImportInvoices($connectionId: ID!) {
    importInvoices(connectionId: $connectionId) {
      __typename
      ... on ImportInvoicesSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);
