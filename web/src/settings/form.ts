// The settings form's values, how they are built from a connection and sent back.
import type { AutoSync, ConnectionFieldsFragment, ConnectionSettingsInput } from "../gql/graphql";

export interface SettingsForm {
  syncEnabled: boolean;
  syncInvoices: boolean;
  syncPayments: boolean;
  syncCustomers: boolean;
  syncStartDate: string;
  incomeAccountId: string;
  defaultItemId: string;
  defaultTaxCode: string;
  paymentMethods: string[];
  refundAccountId: string;
  depositAccountId: string;
  badDebtItemId: string;
  lockAfterSync: boolean;
  autoSync: AutoSync;
}

/** Every field `updateConnectionSettings` takes, as the API names them. */
export const SETTINGS_FIELDS = [
  "syncEnabled",
  "syncInvoices",
  "syncPayments",
  "syncCustomers",
  "syncStartDate",
  "incomeAccountId",
  "defaultItemId",
  "defaultTaxCode",
  "paymentMethods",
  "refundAccountId",
  "depositAccountId",
  "badDebtItemId",
  "lockAfterSync",
  "autoSync",
] as const;

export function formFromSettings(settings: ConnectionFieldsFragment["settings"]): SettingsForm {
  return {
    syncEnabled: settings.syncEnabled,
    syncInvoices: settings.syncInvoices,
    syncPayments: settings.syncPayments,
    syncCustomers: settings.syncCustomers,
    syncStartDate: settings.syncStartDate ?? "",
    incomeAccountId: settings.incomeAccountId ?? "",
    defaultItemId: settings.defaultItemId ?? "",
    defaultTaxCode: settings.defaultTaxCode ?? "",
    paymentMethods: [...settings.paymentMethods],
    refundAccountId: settings.refundAccountId ?? "",
    depositAccountId: settings.depositAccountId ?? "",
    badDebtItemId: settings.badDebtItemId ?? "",
    lockAfterSync: settings.lockAfterSync,
    autoSync: settings.autoSync,
  };
}

const orNull = (value: string): string | null => (value.trim() === "" ? null : value.trim());

/** The whole form as the mutation's input: an empty optional field is sent as null (unset). */
export function inputFromForm(form: SettingsForm): ConnectionSettingsInput {
  return {
    syncEnabled: form.syncEnabled,
    syncInvoices: form.syncInvoices,
    syncPayments: form.syncPayments,
    syncCustomers: form.syncCustomers,
    syncStartDate: orNull(form.syncStartDate),
    incomeAccountId: orNull(form.incomeAccountId),
    defaultItemId: orNull(form.defaultItemId),
    defaultTaxCode: orNull(form.defaultTaxCode),
    paymentMethods: form.paymentMethods,
    refundAccountId: orNull(form.refundAccountId),
    depositAccountId: orNull(form.depositAccountId),
    badDebtItemId: orNull(form.badDebtItemId),
    lockAfterSync: form.lockAfterSync,
    autoSync: form.autoSync,
  };
}

/**
 * Configured payment-method names with no match in the books: those the last sync reported,
 * and, when the books list their methods, those the list lacks (compared ignoring case).
 */
export function unmatchedMethods(
  configured: string[],
  bookMethods: string[] | null,
  reported: string[],
): Set<string> {
  const key = (name: string) => name.trim().toLowerCase();
  const reportedKeys = new Set(reported.map(key));
  const bookKeys = bookMethods && bookMethods.length > 0 ? new Set(bookMethods.map(key)) : null;
  const unmatched = new Set<string>();
  for (const name of configured) {
    if (reportedKeys.has(key(name)) || (bookKeys && !bookKeys.has(key(name)))) unmatched.add(name);
  }
  return unmatched;
}
