import { useQuery } from "@urql/preact";
import { BOOKED_INVOICES, INVOICE_MAPPINGS } from "./operations";
import { bookedByLocalId, type BookedMapping } from "./logic";

/**
 * The held connection's home currency and what it booked for each synced invoice (its newest 200
 * invoice mappings; older invoices show no booked total).
 */
export function useBookedInvoices(): { home: string | null; booked: Map<string, BookedMapping>; reload: () => void } {
  const [connections] = useQuery({ query: BOOKED_INVOICES });
  const held = connections.data?.connections.find((c) => c.status !== "REVOKED") ?? null;
  const [mappings, refetch] = useQuery({
    query: INVOICE_MAPPINGS,
    variables: { connectionId: held?.id ?? "" },
    pause: !held,
  });
  const nodes = mappings.data?.mappings.edges.map((e) => e.node) ?? [];
  return {
    home: held?.homeCurrency ?? null,
    booked: bookedByLocalId(nodes),
    reload: () => refetch({ requestPolicy: "network-only" }),
  };
}
