// Words for invoice states and which actions an invoice offers.
import type { InvoiceStatus, SyncStatus } from "../gql/graphql";
import type { Tone } from "../state/syncChip";

export const INVOICE_STATUSES: { value: InvoiceStatus; label: string; tone: Tone }[] = [
  { value: "DRAFT", label: "Draft", tone: "none" },
  { value: "SENT", label: "Sent", tone: "pending" },
  { value: "PARTIAL", label: "Partly paid", tone: "pending" },
  { value: "PAID", label: "Paid", tone: "ok" },
  { value: "OVERDUE", label: "Overdue", tone: "error" },
  { value: "VOID", label: "Void", tone: "none" },
];

export const SYNC_STATUSES: { value: SyncStatus; label: string }[] = [
  { value: "SYNCED", label: "Synced" },
  { value: "PENDING", label: "Pending" },
  { value: "ERROR", label: "Error" },
  { value: "NOT_SYNCED", label: "Not synced" },
];

export function invoiceStatus(status: InvoiceStatus): { label: string; tone: Tone } {
  return INVOICE_STATUSES.find((s) => s.value === status) ?? { label: status, tone: "none" };
}

export interface InvoiceLike {
  status: InvoiceStatus;
  docType: string;
  syncStatus: { status: SyncStatus };
}

export type InvoiceAction = "sync" | "update" | "void" | "writeOff";

/** The actions that make sense for an invoice now (the server still has the last word). */
export function invoiceActions(invoice: InvoiceLike): InvoiceAction[] {
  const actions: InvoiceAction[] = [];
  const synced = invoice.syncStatus.status === "SYNCED";
  const closed = invoice.status === "PAID" || invoice.status === "VOID";
  if (!synced && invoice.status !== "DRAFT" && invoice.status !== "VOID") actions.push("sync");
  if (synced && !closed) actions.push("update");
  if (synced && invoice.docType === "INVOICE" && invoice.status !== "VOID" && invoice.status !== "PARTIAL" && invoice.status !== "PAID") {
    actions.push("void");
  }
  if (invoice.docType === "INVOICE" && ["SENT", "PARTIAL", "OVERDUE"].includes(invoice.status)) {
    actions.push("writeOff");
  }
  return actions;
}

export function money(amount: string, currency: string): string {
  const value = Number(amount);
  if (Number.isNaN(value)) return `${amount} ${currency}`;
  try {
    return value.toLocaleString("en-US", { style: "currency", currency });
  } catch {
    return `${amount} ${currency}`;
  }
}

export const LOCKED_REASON =
  "Locked: this invoice was synced to the books, so it can only be changed there. An administrator can turn off “Lock invoices once synced” in the settings.";
