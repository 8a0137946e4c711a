// One urql client for the app: queries and mutations over HTTP with the bearer token,
// subscriptions over graphql-transport-ws with the token in connection_init (browsers cannot
// set headers on a websocket).
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "@urql/core";
import { createClient as createWsClient } from "graphql-ws";

export function graphqlUrl(origin: string): string {
  return `${origin}/graphql`;
}

export function websocketUrl(origin: string): string {
  return graphqlUrl(origin).replace(/^http/, "ws");
}

export function createApiClient(origin: string, token: string | null): Client {
  const authorization = token ? `Bearer ${token}` : "";
  const ws = createWsClient({
    url: websocketUrl(origin),
    lazy: true,
    connectionParams: () => (authorization ? { Authorization: authorization } : {}),
  });
  return new Client({
    url: graphqlUrl(origin),
    // Lists are re-read after each mutation and run; the document cache keeps the app simple.
    requestPolicy: "cache-and-network",
    // POST only: variables never travel in a URL (where proxies and access logs keep them).
    preferGetMethod: false,
    fetchOptions: (): RequestInit => ({
      headers: authorization ? { Authorization: authorization } : {},
    }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || "" };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
}
