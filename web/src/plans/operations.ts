// Previewing a push: planSync makes a plan (nothing is written to the books), runSyncPlan runs it.
import { graphql } from "../gql";

export const PLAN_SYNC = graphql(`
  mutation PlanSync($connectionId: ID!, $scope: PlanScopeInput!) {
    planSync(connectionId: $connectionId, scope: $scope) {
      __typename
      ... on PlanSyncSuccess {
        plan {
          id
          status
          expiresAt
          runError
          dailyCallsRemaining
          actions { action records }
          writeCalls { operation calls }
          items(first: 200) {
            totalCount
            edges { node { localId label action reason errorCode requested } }
          }
        }
      }
      ... on UserError { message code field }
    }
  }
`);

export const RUN_SYNC_PLAN = graphql(`
  mutation RunSyncPlan($planId: ID!) {
    runSyncPlan(planId: $planId) {
      __typename
      ... on RunSyncPlanSuccess { run { id } }
      ... on UserError { message code field }
    }
  }
`);
