"""Use cases of the local books, called by the GraphQL layer and the workers."""
