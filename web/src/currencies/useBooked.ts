import { useQuery } from "@urql/preact";
import { INVOICE_MAPPINGS } from "./operations";
import { bookedByLocalId, type BookedMapping } from "./logic";

interface ConnectionLike {
  id: string;
  status: string;
  homeCurrency: string | null;
}

/**
 * The held connection (the one not revoked) of `connections`, its home currency and what it
 * booked for each synced invoice: its newest 200 invoice mappings, so older invoices show no
 * booked total. No request is made without a held connection.
 */
export function useBookedInvoices(connections: ConnectionLike[] | undefined): {
  home: string | null;
  booked: Map<string, BookedMapping>;
  reload: () => void;
} {
  const held = connections?.find((c) => c.status !== "REVOKED") ?? null;
  const [mappings, refetch] = useQuery({
    query: INVOICE_MAPPINGS,
    variables: { connectionId: held?.id ?? "" },
    pause: !held,
  });
  const nodes = mappings.data?.mappings.edges.map((e) => e.node) ?? [];
  return {
    home: held?.homeCurrency ?? null,
    booked: bookedByLocalId(nodes),
    reload: () => {
      if (held) refetch({ requestPolicy: "network-only" });
    },
  };
}
