// How the lists read from the books (accounts, items, payment methods) show on the settings
// page. A platform whose connector polls Ledgersync (the QuickBooks Web Connector) reads them
// on its next poll: until then the lists WAIT, and the page shows the last copy read, or text
// boxes for the ids before the first one.
import type { BookListsStatus } from "../gql/graphql";
import { formatDateTime } from "../state/syncChip";

export interface BooksState {
  status: BookListsStatus;
  readAt?: string | null;
  pendingSince?: string | null;
  error?: string | null;
}

export interface BooksView {
  /** Whether the pickers list the books' records (else the ids are typed). */
  listed: boolean;
  /** What the page says about the lists, if anything. */
  notice: { tone: "info" | "warn"; text: string } | null;
  /** "Read …" under the pickers, when the lists were read. */
  readLabel: string | null;
  /** Whether the page should read the lists again in a moment (the connector may answer). */
  watch: boolean;
}

export function booksView(books: BooksState | null | undefined, platformName: string): BooksView {
  if (!books) return { listed: false, notice: null, readLabel: null, watch: false };
  const listed = Boolean(books.readAt);
  const readLabel = books.readAt ? `Lists read from ${platformName} ${formatDateTime(books.readAt)}.` : null;
  if (books.status === "WAITING") {
    const since = books.pendingSince ? ` (asked ${formatDateTime(books.pendingSince)})` : "";
    const meanwhile = listed ? "The lists below are the last ones read." : "Until then, type the ids.";
    return {
      listed,
      notice: {
        tone: "info",
        text: `The accounts, items and payment methods are read from ${platformName} when the Web Connector next polls${since}. ${meanwhile}`,
      },
      readLabel,
      watch: true,
    };
  }
  if (books.status === "FAILED" || books.error) {
    const fallback = listed ? "The lists below are the last ones read." : "Type the ids instead.";
    return {
      listed,
      notice: { tone: "warn", text: `The lists could not be read from ${platformName} (${books.error ?? "unknown error"}). ${fallback}` },
      readLabel,
      watch: false,
    };
  }
  return { listed, notice: null, readLabel, watch: false };
}
