// A connection's status in plain words: a label, a tone and what to do about it.
import type { ConnectionFieldsFragment } from "../gql/graphql";
import type { SetupKind } from "../connections/platforms";
import type { Tone } from "./syncChip";

export interface StatusView {
  label: string;
  tone: Tone;
  /** What is wrong, in the platform's or Ledgersync's words. */
  problem: string | null;
  /** What the user should do, when anything. */
  fix: string | null;
  /** A reconnect (a new consent) is what fixes it. */
  needsReconnect: boolean;
  /** The consent granted several companies: one must be chosen. */
  needsChoice: boolean;
}

type StatusInput = Pick<
  ConnectionFieldsFragment,
  "status" | "lastError" | "reconnectHint" | "availableCompanies"
>;

export interface StatusContext {
  /** How the platform connects: a Web Connector connection waits for its first poll. */
  setup?: SetupKind;
  /** What a run of this connection waits for, when one is WAITING. */
  waitingReason?: string | null;
}

export function connectionStatus(connection: StatusInput, context: StatusContext = {}): StatusView {
  const problem = connection.lastError ?? null;
  const fix = connection.reconnectHint ?? null;
  if (context.setup === "web-connector") {
    const view = webConnectorStatus(connection, context.waitingReason ?? null);
    if (view) return view;
  }
  switch (connection.status) {
    case "ACTIVE":
      return { label: "Active", tone: "ok", problem: null, fix: null, needsReconnect: false, needsChoice: false };
    case "ERROR":
      return {
        label: "Error",
        tone: "error",
        problem,
        fix: fix ?? "The next sync tries again. If it keeps failing, reconnect.",
        needsReconnect: false,
        needsChoice: false,
      };
    case "EXPIRED":
      return {
        label: "Expired",
        tone: "error",
        problem: problem ?? "The platform no longer accepts Ledgersync's access.",
        fix: fix ?? "Reconnect to give Ledgersync access again.",
        needsReconnect: true,
        needsChoice: false,
      };
    case "REVOKED":
      return {
        label: "Revoked",
        tone: "none",
        problem: problem,
        fix: "Disconnected. Reconnect to the same company to sync again: its mappings are kept.",
        needsReconnect: true,
        needsChoice: false,
      };
    case "PENDING": {
      const choosing = connection.availableCompanies.length > 0;
      return {
        label: choosing ? "Choose an organisation" : "Not finished",
        tone: "warn",
        problem,
        fix: choosing
          ? "The consent gave access to several organisations: choose the one to sync with."
          : (fix ?? "The consent was not completed. Connect again."),
        needsReconnect: !choosing,
        needsChoice: choosing,
      };
    }
    default:
      // A status this build does not know yet (a newer server): say so rather than hide it.
      return {
        label: String(connection.status),
        tone: "warn",
        problem,
        fix,
        needsReconnect: false,
        needsChoice: false,
      };
  }
}

/** The states a Web Connector connection has of its own; null for the shared ones. */
function webConnectorStatus(connection: StatusInput, waitingReason: string | null): StatusView | null {
  if (connection.status === "PENDING") {
    return {
      label: "Waiting for the first poll",
      tone: "pending",
      problem: connection.lastError ?? null,
      fix:
        "Add the .qwc file to the QuickBooks Web Connector, enter the password and click " +
        "Update Selected. This page updates by itself when the Web Connector first polls.",
      // Setting up again issues a new .qwc password (for a lost one).
      needsReconnect: true,
      needsChoice: false,
    };
  }
  if (connection.status === "ACTIVE" && waitingReason) {
    return {
      label: "Waiting for the Web Connector",
      tone: "pending",
      problem: connection.lastError ?? `A sync is waiting: ${waitingReason.replace(/[.\s]+$/, "")}.`,
      fix:
        "It continues at the Web Connector's next scheduled update (Auto-Run), or click " +
        "Update Selected in the Web Connector on the QuickBooks computer.",
      needsReconnect: false,
      needsChoice: false,
    };
  }
  return null;
}
