// Every GraphQL operation the app sends. Types for each are generated from ../schema.graphql
// into ./gql (npm run codegen), so a schema change that breaks one fails the build.
import { graphql } from "./gql";

export const SHELL = graphql(`
  query Shell {
    viewer {
      role
      user { id name email }
      firm { id name }
    }
  }
`);

export const CONNECTION_FIELDS = graphql(`
  fragment ConnectionFields on AccountingConnection {
    id
    provider
    status
    remoteCompanyId
    remoteCompanyName
    lastSyncAt
    lastPolledAt
    lastError
    reconnectHint
    refreshHardExpiresAt
    callsRemainingToday
    createdAt
    unmatchedPaymentMethods
    homeCurrency
    multicurrency
    currencies
    availableCompanies { id name }
    connectedBy { id name }
    settings {
      syncEnabled
      syncInvoices
      syncPayments
      syncCustomers
      syncStartDate
      incomeAccountId
      defaultItemId
      defaultTaxCode
      paymentMethods
      refundAccountId
      depositAccountId
      badDebtItemId
      lockAfterSync
      autoSync
    }
  }
`);

export const CONNECTIONS = graphql(`
  query Connections {
    connections { ...ConnectionFields }
  }
`);

export const WAITING_RUNS = graphql(`
  query WaitingRuns($connectionId: ID!) {
    waitingRuns: syncRuns(connectionId: $connectionId, status: WAITING, first: 1) {
      totalCount
      edges { node { id waitingReason } }
    }
  }
`);

export const START_CONNECTION = graphql(`
  mutation StartConnection($provider: Provider!) {
    startConnection(provider: $provider) {
      __typename
      ... on StartConnectionSuccess { authorizationUrl }
      ... on WebConnectorSetup {
        provider
        connectionId
        userName
        password
        qwcFileName
        qwcDownloadUrl
        warning
      }
      ... on UserError { message code field }
    }
  }
`);

export const DISCONNECT = graphql(`
  mutation Disconnect($connectionId: ID!) {
    disconnect(connectionId: $connectionId) {
      __typename
      ... on DisconnectSuccess { connection { ...ConnectionFields } }
      ... on UserError { message code field }
    }
  }
`);

export const SELECT_COMPANY = graphql(`
  mutation SelectCompany($connectionId: ID!, $companyId: String!) {
    selectCompany(connectionId: $connectionId, companyId: $companyId) {
      __typename
      ... on SelectCompanySuccess { connection { ...ConnectionFields } }
      ... on UserError { message code field }
    }
  }
`);

export const RUN_FIELDS = graphql(`
  fragment RunFields on SyncRunNode {
    id
    kind
    trigger
    status
    total
    processed
    succeeded
    failed
    skipped
    error
    waitingReason
    createdAt
    startedAt
    finishedAt
    startedBy { id name }
  }
`);

export const SYNC_NOW = graphql(`
  mutation SyncNow($connectionId: ID!) {
    syncNow(connectionId: $connectionId) {
      __typename
      ... on SyncNowSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const SYNC_PAYMENTS = graphql(`
  mutation SyncPayments($connectionId: ID!) {
    syncPayments(connectionId: $connectionId) {
      __typename
      ... on SyncPaymentsSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const IMPORT_CUSTOMERS = graphql(`
  mutation ImportCustomers($connectionId: ID!) {
    importCustomers(connectionId: $connectionId) {
      __typename
      ... on ImportCustomersSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const SETTINGS_PAGE = graphql(`
  query SettingsPage($id: ID!, $refresh: Boolean! = false) {
    connection(id: $id) {
      ...ConnectionFields
      books(refresh: $refresh) {
        status
        readAt
        pendingSince
        accounts { id name kind group }
        items { id name }
        paymentMethods { id name }
        error
      }
    }
  }
`);

export const UPDATE_SETTINGS = graphql(`
  mutation UpdateSettings($connectionId: ID!, $input: ConnectionSettingsInput!) {
    updateConnectionSettings(connectionId: $connectionId, input: $input) {
      __typename
      ... on UpdateConnectionSettingsSuccess { connection { ...ConnectionFields } }
      ... on UserError { message code field }
    }
  }
`);

export const SYNC_INFO_FIELDS = graphql(`
  fragment SyncInfoFields on SyncInfo {
    status
    remoteId
    remoteNumber
    lastSyncedAt
    lastError
    lastErrorCode
    lastErrorHint
  }
`);

export const INVOICES = graphql(`
  query Invoices(
    $first: Int
    $after: String
    $status: [InvoiceStatus!]
    $syncStatus: [SyncStatus!]
  ) {
    invoices(first: $first, after: $after, status: $status, syncStatus: $syncStatus) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          number
          docType
          status
          issueDate
          dueDate
          currency
          exchangeRate
          total
          balance
          locked
          customer { id name }
          syncStatus { ...SyncInfoFields }
        }
      }
    }
    invoiceTotals(status: $status) { currency count total amountPaid balance }
    connections { id status homeCurrency }
  }
`);

export const INVOICE = graphql(`
  query Invoice($id: ID!) {
    invoice(id: $id) {
      id
      number
      docType
      status
      issueDate
      dueDate
      currency
      exchangeRate
      subtotal
      taxTotal
      total
      amountPaid
      balance
      memo
      locked
      customer { id name }
      syncStatus { ...SyncInfoFields }
      lines { id position description quantity unitPrice taxRate amount item { id name } }
      payments {
        id
        amount
        payment { id date method reference origin }
      }
    }
    activities(subjectId: $id, first: 50) {
      edges { node { ...ActivityFields } }
    }
    connections { id status homeCurrency }
  }
`);

export const ACTIVITY_FIELDS = graphql(`
  fragment ActivityFields on ActivityNode {
    id
    source
    action
    subjectType
    subjectId
    description
    ipAddress
    createdAt
    actor { id name email }
  }
`);

export const SYNC_INVOICE = graphql(`
  mutation SyncInvoice($id: ID!) {
    syncInvoice(invoiceId: $id) {
      __typename
      ... on SyncInvoiceSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const SYNC_INVOICES = graphql(`
  mutation SyncInvoices($ids: [ID!]!) {
    syncInvoices(invoiceIds: $ids) {
      __typename
      ... on SyncInvoicesSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const UPDATE_SYNCED_INVOICE = graphql(`
  mutation UpdateSyncedInvoice($id: ID!) {
    updateSyncedInvoice(invoiceId: $id) {
      __typename
      ... on UpdateSyncedInvoiceSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const VOID_INVOICE = graphql(`
  mutation VoidInvoice($id: ID!) {
    voidInvoice(invoiceId: $id) {
      __typename
      ... on VoidInvoiceSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const WRITE_OFF_INVOICE = graphql(`
  mutation WriteOffInvoice($id: ID!, $reason: String!) {
    writeOffInvoice(invoiceId: $id, reason: $reason) {
      __typename
      ... on WriteOffInvoiceSuccess { invoice { id status } run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const CUSTOMERS = graphql(`
  query Customers($first: Int, $after: String, $search: String) {
    customers(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node { id name email currency active syncStatus { ...SyncInfoFields } }
      }
    }
    connections { id provider status }
  }
`);

export const SYNC_CUSTOMER = graphql(`
  mutation SyncCustomer($id: ID!) {
    syncCustomer(customerId: $id) {
      __typename
      ... on SyncCustomerSuccess { run { ...RunFields } }
      ... on UserError { message code field }
    }
  }
`);

export const SYNC_RUNS = graphql(`
  query SyncRuns($first: Int, $after: String, $kind: SyncKind, $status: SyncRunStatus) {
    syncRuns(first: $first, after: $after, kind: $kind, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...RunFields } }
    }
  }
`);

export const SYNC_RUN = graphql(`
  query SyncRun($id: ID!) {
    syncRun(id: $id) {
      ...RunFields
      items(first: 200) {
        totalCount
        edges {
          node { id entity localId remoteId label outcome action errorCode message hint createdAt }
        }
      }
    }
  }
`);

export const SYNC_PROGRESS = graphql(`
  subscription SyncProgress($runId: ID!) {
    syncProgress(runId: $runId) {
      __typename
      ... on SyncRunEvent { runId seq at }
      ... on SyncSnapshot { kind status total processed succeeded failed skipped error waitingReason }
      ... on SyncStarted { kind total }
      ... on SyncProgress { total processed succeeded failed skipped }
      ... on RecordSynced { entity localId remoteId label action warning }
      ... on RecordFailed { entity localId label errorCode message hint }
      ... on SyncWaiting { reason }
      ... on SyncFinished { status total processed succeeded failed skipped error }
    }
  }
`);

export const ACTIVITIES = graphql(`
  query Activities($first: Int, $after: String, $source: ActivitySource, $subjectType: String) {
    activities(first: $first, after: $after, source: $source, subjectType: $subjectType) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { ...ActivityFields } }
    }
  }
`);
