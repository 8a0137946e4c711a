import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useQuery } from "@urql/preact";
import { CONNECTIONS, WAITING_RUNS } from "../operations";
import type { ConnectionFieldsFragment } from "../gql/graphql";
import { requestError } from "../state/errors";
import { oauthOutcome, type OAuthOutcome } from "../state/oauthOutcome";
import { ErrorAlert } from "../components/Alert";
import { ConnectionCard } from "../connections/ConnectionCard";
import { PLATFORMS, awaitsWebConnector, platformOf } from "../connections/platforms";
import { navigate, useRoute } from "../router";

/** The firm's connection of each platform: the one not revoked, else the newest revoked one. */
export function connectionFor(
  connections: ConnectionFieldsFragment[],
  provider: string,
): ConnectionFieldsFragment | null {
  const mine = connections.filter((c) => c.provider === provider);
  return mine.find((c) => c.status !== "REVOKED") ?? mine[0] ?? null;
}

/** How often the page reads the connections again while a Web Connector is awaited. */
export const WATCH_INTERVAL_MS = 3000;

export function ConnectionsPage(): JSX.Element {
  const route = useRoute();
  const [outcome, setOutcome] = useState<OAuthOutcome | null>(() => oauthOutcome(route.query));
  const [result, refetch] = useQuery({ query: CONNECTIONS });
  useEffect(() => {
    // Keep the outcome on screen but drop it from the address (a reload should not repeat it).
    if (route.query.has("status")) navigate("/connections", { replace: true });
  }, []);
  const connections = result.data?.connections ?? [];
  const held = connections.find((c) => c.status !== "REVOKED") ?? null;
  // Only the held connection's runs: a run of an earlier, disconnected one says nothing now.
  const [waiting, refetchWaiting] = useQuery({
    query: WAITING_RUNS,
    variables: { connectionId: held?.id ?? "" },
    pause: !held,
  });
  const reload = () => {
    refetch({ requestPolicy: "network-only" });
    if (held) refetchWaiting({ requestPolicy: "network-only" });
  };
  const waitingRuns = held ? waiting.data?.waitingRuns : undefined;
  const waitingRun = waitingRuns?.edges[0]?.node ?? null;
  const watching = awaitsWebConnector(connections, waitingRuns?.totalCount ?? 0);
  useEffect(() => {
    // No subscription says when a connection changes: read again every few seconds, only while
    // something waits for the Web Connector.
    if (!watching) return undefined;
    const timer = window.setInterval(reload, WATCH_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [watching]);
  return (
    <>
      <h1>Connections</h1>
      <p class="lead">Connect your firm to its accounting platform. A firm syncs with one platform at a time.</p>
      {outcome && (
        <div class={`alert alert-${outcome.tone}`} role={outcome.tone === "error" ? "alert" : "status"} data-oauth-outcome={outcome.code ?? outcome.tone}>
          {outcome.message}{" "}
          <button type="button" class="link-button" onClick={() => setOutcome(null)}>
            Dismiss
          </button>
        </div>
      )}
      <ErrorAlert error={requestError(result.error)} />
      {result.fetching && !result.data ? (
        <p role="status">Loading connections…</p>
      ) : (
        <div class="cards">
          {ordered(PLATFORMS, held?.provider ?? null).map((platform) => (
            <ConnectionCard
              key={platform.provider}
              wide={platform.provider === held?.provider}
              platform={platform}
              connection={connectionFor(connections, platform.provider)}
              blockedBy={held && held.provider !== platform.provider ? platformOf(held.provider) : null}
              onChanged={reload}
              waitingReason={
                platform.provider === held?.provider && waitingRun
                  ? (waitingRun.waitingReason ?? "waiting for the platform to answer")
                  : null
              }
            />
          ))}
        </div>
      )}
    </>
  );
}

/** The platform the firm is connected to comes first (its card spans the row). */
function ordered<T extends { provider: string }>(platforms: T[], first: string | null): T[] {
  return [...platforms].sort((a, b) => Number(b.provider === first) - Number(a.provider === first));
}
