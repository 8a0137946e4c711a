// Words for currencies and exchange rates: the books' home currency, a document's own rate and
// what the platform booked. Amounts of different currencies are never added together here.

export interface BooksCurrencies {
  homeCurrency: string | null;
  multicurrency: boolean | null;
  currencies: string[];
}

/** The connection's currency facts in words ("Not read yet" before a sync has read them). */
export function booksCurrencyFacts(books: BooksCurrencies): { home: string; multicurrency: string; currencies: string } {
  return {
    home: books.homeCurrency ?? "Not read yet",
    multicurrency:
      books.multicurrency === null ? "Not read yet" : books.multicurrency ? "On: other currencies are accepted" : "Off: only the home currency",
    currencies: books.currencies.length ? books.currencies.join(", ") : "Not known",
  };
}

/**
 * "1 EUR = 1.085 USD" for a rate in units of the home currency per unit of `currency`; a rate
 * without a known home currency reads "1 EUR = 1.085 (home currency)".
 */
export function rateText(rate: string | null, currency: string, home: string | null): string | null {
  if (rate === null) return null;
  return `1 ${currency} = ${trimZeros(rate)} ${home ?? "(home currency)"}`;
}

/** A document's own rate, or what happens without one. Documents in the home currency need none. */
export function documentRateText(rate: string | null, currency: string, home: string | null): string {
  if (home !== null && currency === home) return "Home currency";
  return rateText(rate, currency, home) ?? "The books' rate";
}

function trimZeros(decimal: string): string {
  if (!decimal.includes(".")) return decimal;
  return decimal.replace(/0+$/, "").replace(/\.$/, "");
}

export interface BookedMapping {
  localId: string;
  currency: string | null;
  exchangeRate: string | null;
  homeTotal: string | null;
}

/** Mappings by the local record's ID, for joining a list of invoices with what the books booked. */
export function bookedByLocalId(mappings: BookedMapping[]): Map<string, BookedMapping> {
  return new Map(mappings.map((m) => [m.localId, m]));
}
