// The platforms a firm can connect, one card each. A card's setup differs by how the platform
// connects: OAuth platforms send the user to a consent page; QuickBooks Desktop (the Web
// Connector polls Ledgersync) gets a setup panel of its own (the .qwc file, the password shown
// once, the steps and a "waiting for the first poll" state).
import type { ConnectionStatus, Provider } from "../gql/graphql";

export type SetupKind = "oauth" | "web-connector";

export interface Platform {
  provider: Provider;
  name: string;
  blurb: string;
  setup: SetupKind;
  /** False while this server's API cannot connect the platform yet. */
  available: boolean;
  /** What the company is called on this platform. */
  companyWord: string;
  /** Where the platform deposits a payment sent without a deposit account. */
  defaultDeposit: string;
}

export const PLATFORMS: Platform[] = [
  {
    provider: "QUICKBOOKS_ONLINE",
    name: "QuickBooks Online",
    blurb: "Invoices, customers and items go to QuickBooks; payments come back.",
    setup: "oauth",
    available: true,
    companyWord: "company",
    defaultDeposit: "QuickBooks Online files them under Undeposited Funds",
  },
  {
    provider: "XERO",
    name: "Xero",
    blurb: "Invoices, quotes and contacts go to Xero; payments come back.",
    setup: "oauth",
    available: true,
    companyWord: "organisation",
    defaultDeposit: "Xero uses the first bank account",
  },
  {
    provider: "QUICKBOOKS_DESKTOP",
    name: "QuickBooks Desktop",
    blurb: "Syncs through the QuickBooks Web Connector on the computer that runs QuickBooks.",
    setup: "web-connector",
    available: true,
    companyWord: "company file",
    defaultDeposit: "QuickBooks Desktop uses the company file's preference (normally Undeposited Funds)",
  },
];

export function platformOf(provider: Provider): Platform {
  return PLATFORMS.find((p) => p.provider === provider) ?? PLATFORMS[0]!;
}

/** Whether the connections page should keep reading: a Web Connector's first poll is awaited
 * (a PENDING connection of a platform whose connector polls) or a run waits for it. */
export function awaitsWebConnector(
  connections: { provider: Provider; status: ConnectionStatus }[],
  waitingRuns: number,
): boolean {
  if (waitingRuns > 0) return true;
  return connections.some((c) => c.status === "PENDING" && platformOf(c.provider).setup === "web-connector");
}
