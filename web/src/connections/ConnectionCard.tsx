import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useMutation } from "@urql/preact";
import type { ConnectionFieldsFragment } from "../gql/graphql";
import { DISCONNECT, START_CONNECTION, SYNC_NOW, SYNC_PAYMENTS } from "../operations";
import { connectionStatus } from "../state/connectionStatus";
import { mutationOutcome, queuedRunId, requestError, userError, type ShownError } from "../state/errors";
import { formatDateTime } from "../state/syncChip";
import { booksCurrencyFacts } from "../currencies/logic";
import { Badge } from "../components/Chip";
import { ErrorAlert, Notice } from "../components/Alert";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { RunProgress } from "../components/RunProgress";
import { Link } from "../router";
import { useSession } from "../session";
import type { Platform } from "./platforms";
import { OrganisationChooser } from "./OrganisationChooser";
import { WebConnectorSetupPanel, type WebConnectorSetup } from "./WebConnectorSetupPanel";

interface Props {
  platform: Platform;
  connection: ConnectionFieldsFragment | null;
  /** Another platform holds the firm's one connection. */
  blockedBy: Platform | null;
  onChanged: () => void;
  /** The firm's connected platform: its card spans the row. */
  wide?: boolean;
  /** What a run of this connection waits for, when one is WAITING. */
  waitingReason?: string | null;
}

export function ConnectionCard({
  platform,
  connection,
  blockedBy,
  onChanged,
  wide = false,
  waitingReason = null,
}: Props): JSX.Element {
  const { isAdmin } = useSession();
  const [setup, setSetup] = useState<WebConnectorSetup | null>(null);
  const headingId = `card-${platform.provider}`;
  const started = (next: WebConnectorSetup) => {
    setSetup(next);
    onChanged();
  };
  // The setup panel stays until the Web Connector's first session makes the connection ACTIVE.
  const settingUp = setup !== null && connection?.status !== "ACTIVE";
  return (
    <section class={wide ? "card card-wide" : "card"} aria-labelledby={headingId} data-provider={platform.provider}>
      <h2 id={headingId}>{platform.name}</h2>
      <p class="muted">{platform.blurb}</p>
      {setup && connection?.status === "ACTIVE" && (
        <Notice tone="ok">
          Connected: the Web Connector reported {connection.remoteCompanyName ?? "the company file"}.
        </Notice>
      )}
      {connection ? (
        <ConnectedBody
          platform={platform}
          connection={connection}
          onChanged={onChanged}
          waitingReason={waitingReason}
        />
      ) : (
        <p>Not connected.</p>
      )}
      {isAdmin && settingUp && <WebConnectorSetupPanel setup={setup} />}
      {isAdmin && !settingUp && (
        <ConnectControls platform={platform} connection={connection} blockedBy={blockedBy} onSetup={started} />
      )}
    </section>
  );
}

function ConnectControls({
  platform,
  connection,
  blockedBy,
  onSetup,
}: {
  platform: Platform;
  connection: ConnectionFieldsFragment | null;
  blockedBy: Platform | null;
  /** A Web Connector setup was issued (platforms whose connector polls Ledgersync). */
  onSetup: (setup: WebConnectorSetup) => void;
}): JSX.Element | null {
  const [state, start] = useMutation(START_CONNECTION);
  const [error, setError] = useState<ShownError | null>(null);
  if (!platform.available) {
    return <p class="muted">Not available on this server yet.</p>;
  }
  const view = connection ? connectionStatus(connection, { setup: platform.setup }) : null;
  if (connection && view && !view.needsReconnect) return null;
  if (blockedBy) {
    return (
      <p class="muted">
        Your firm syncs with {blockedBy.name}. Disconnect it first to connect {platform.name}.
      </p>
    );
  }
  const label = !connection
    ? `Connect ${platform.name}`
    : platform.setup === "web-connector"
      ? "Set up again (new password)"
      : `Reconnect ${platform.name}`;
  const connect = async () => {
    setError(null);
    const result = await start({ provider: platform.provider });
    const outcome = result.data?.startConnection;
    // A Web Connector setup is a success too, though its type is not named `…Success`.
    if (!result.error && outcome?.__typename === "WebConnectorSetup") {
      onSetup(outcome);
      return;
    }
    const failure = requestError(result.error) ?? userError(outcome);
    if (failure) {
      setError(failure);
      return;
    }
    if (outcome?.__typename === "StartConnectionSuccess") window.location.assign(outcome.authorizationUrl);
  };
  return (
    <div class="actions">
      <button type="button" class="button button-primary" disabled={state.fetching} onClick={connect}>
        {label}
      </button>
      <ErrorAlert error={error} />
    </div>
  );
}

function ConnectedBody({
  platform,
  connection,
  onChanged,
  waitingReason,
}: {
  platform: Platform;
  connection: ConnectionFieldsFragment;
  onChanged: () => void;
  waitingReason: string | null;
}): JSX.Element {
  const { isAdmin } = useSession();
  const view = connectionStatus(connection, { setup: platform.setup, waitingReason });
  const webConnector = platform.setup === "web-connector";
  const live = connection.status === "ACTIVE" || connection.status === "ERROR";
  const money = booksCurrencyFacts(connection);
  return (
    <div class="connection">
      <dl class="facts">
        <div>
          <dt>{capital(platform.companyWord)}</dt>
          <dd>{connection.remoteCompanyName ?? (webConnector ? "Reported at the first poll" : "Not chosen yet")}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <Badge tone={view.tone}>{view.label}</Badge>
          </dd>
        </div>
        {webConnector && (
          <div>
            <dt>Last Web Connector poll</dt>
            <dd data-last-poll={connection.lastPolledAt ?? ""}>
              {connection.lastPolledAt ? formatDateTime(connection.lastPolledAt) : "Never"}
            </dd>
          </div>
        )}
        <div>
          <dt>Last sync</dt>
          <dd>{connection.lastSyncAt ? formatDateTime(connection.lastSyncAt) : "Never"}</dd>
        </div>
        <div>
          <dt>Home currency</dt>
          <dd data-home-currency={connection.homeCurrency ?? ""}>{money.home}</dd>
        </div>
        <div>
          <dt>Multicurrency</dt>
          <dd data-multicurrency={String(connection.multicurrency)}>{money.multicurrency}</dd>
        </div>
        <div>
          <dt>Currencies in the books</dt>
          <dd data-currencies={connection.currencies.join(",")}>{money.currencies}</dd>
        </div>
        {connection.callsRemainingToday !== null && (
          <div>
            <dt>Calls left today</dt>
            <dd>{connection.callsRemainingToday.toLocaleString("en-US")}</dd>
          </div>
        )}
        {connection.connectedBy && (
          <div>
            <dt>Connected by</dt>
            <dd>{connection.connectedBy.name}</dd>
          </div>
        )}
      </dl>
      {(view.problem || view.fix) && (
        <div class={`status-help status-${view.tone}`} data-status={connection.status}>
          {view.problem && <p class="status-problem">{view.problem}</p>}
          {view.fix && <p class="status-fix">{view.fix}</p>}
        </div>
      )}
      {view.needsChoice && isAdmin && (
        <OrganisationChooser connection={connection} platform={platform} onChosen={onChanged} />
      )}
      {live && <LiveActions platform={platform} connection={connection} onChanged={onChanged} />}
    </div>
  );
}

function LiveActions({
  platform,
  connection,
  onChanged,
}: {
  platform: Platform;
  connection: ConnectionFieldsFragment;
  onChanged: () => void;
}): JSX.Element {
  const { isAdmin } = useSession();
  const [, syncNow] = useMutation(SYNC_NOW);
  const [, syncPayments] = useMutation(SYNC_PAYMENTS);
  const [, disconnect] = useMutation(DISCONNECT);
  const [run, setRun] = useState<{ id: string; label: string } | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const variables = { connectionId: connection.id };

  const started = (label: string, { outcome, failure }: { outcome: unknown; failure: ShownError | null }) => {
    const runId = queuedRunId(outcome);
    if (failure) setError(failure);
    else if (runId) setRun({ id: runId, label });
  };
  const runSyncNow = async () => {
    setError(null);
    started("Sync now", mutationOutcome(await syncNow(variables), "syncNow"));
  };
  const runSyncPayments = async () => {
    setError(null);
    started("Sync payments", mutationOutcome(await syncPayments(variables), "syncPayments"));
  };
  const confirmDisconnect = async () => {
    setConfirming(false);
    const result = await disconnect(variables);
    const failure = requestError(result.error) ?? userError(result.data?.disconnect);
    if (failure) setError(failure);
    onChanged();
  };
  return (
    <div>
      <div class="actions">
        <button type="button" class="button button-primary" onClick={runSyncNow}>
          Sync now
        </button>
        <button type="button" class="button" onClick={runSyncPayments}>
          Sync payments
        </button>
        {isAdmin && (
          <>
            <Link class="button" to={`/connections/${encodeURIComponent(connection.id)}/settings`}>
              Settings
            </Link>
            <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
              Disconnect
            </button>
          </>
        )}
      </div>
      <ErrorAlert error={error} />
      {run && (
        <RunProgress
          key={run.id}
          runId={run.id}
          label={run.label}
          onFinished={onChanged}
        />
      )}
      <ConfirmDialog
        open={confirming}
        title={`Disconnect ${platform.name}?`}
        confirmLabel="Disconnect"
        onConfirm={confirmDisconnect}
        onCancel={() => setConfirming(false)}
      >
        {platform.setup === "web-connector" ? (
          <p>
            Syncing with {connection.remoteCompanyName ?? platform.name} stops: the Web Connector's
            login stops working and syncs waiting for it end as failed.
          </p>
        ) : (
          <p>
            Syncing with {connection.remoteCompanyName ?? platform.name} stops and Ledgersync's access
            is revoked.
          </p>
        )}
        <p>
          The links between your records and theirs (mappings) are kept: reconnect to the same{" "}
          {platform.companyWord} and nothing is sent twice.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
