"""The GraphQL API: value types, queries, mutations and subscriptions over core services."""
