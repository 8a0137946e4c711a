import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useMutation } from "@urql/preact";
import { SYNC_INVOICE, UPDATE_SYNCED_INVOICE, VOID_INVOICE, WRITE_OFF_INVOICE } from "../operations";
import { mutationOutcome, queuedRunId, type ShownError } from "../state/errors";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { invoiceActions, type InvoiceAction, type InvoiceLike } from "./labels";
import { PreviewButton } from "../plans/PreviewButton";

export interface StartedRun {
  id: string;
  label: string;
}

interface Props {
  invoice: InvoiceLike & { id: string; number: string };
  onRun: (run: StartedRun | null) => void;
  onError: (error: ShownError | null) => void;
  /** The connection a Preview plans against; no Preview button without one. */
  connectionId?: string | null;
}

const LABELS: Record<InvoiceAction, string> = {
  sync: "Sync",
  update: "Update in the books",
  void: "Void",
  writeOff: "Write off",
};

export function InvoiceActions({ invoice, onRun, onError, connectionId = null }: Props): JSX.Element {
  const [, sync] = useMutation(SYNC_INVOICE);
  const [, update] = useMutation(UPDATE_SYNCED_INVOICE);
  const [, voidIt] = useMutation(VOID_INVOICE);
  const [, writeOff] = useMutation(WRITE_OFF_INVOICE);
  const [dialog, setDialog] = useState<"void" | "writeOff" | null>(null);
  const [reason, setReason] = useState("");
  const variables = { id: invoice.id };
  const label = `Invoice ${invoice.number}`;

  // Every action answers with a named union; the success ones carry the run they queued.
  const report = ({ outcome, failure }: { outcome: unknown; failure: ShownError | null }, verb: string) => {
    onError(failure);
    if (failure) return;
    const runId = queuedRunId(outcome);
    onRun(runId ? { id: runId, label: `${verb} ${label}` } : null);
  };
  const perform = async (action: InvoiceAction) => {
    onError(null);
    if (action === "sync") report(mutationOutcome(await sync(variables), "syncInvoice"), "Sync of");
    if (action === "update") {
      report(mutationOutcome(await update(variables), "updateSyncedInvoice"), "Update of");
    }
    if (action === "void" || action === "writeOff") setDialog(action);
  };
  const confirm = async () => {
    const which = dialog;
    setDialog(null);
    if (which === "void") report(mutationOutcome(await voidIt(variables), "voidInvoice"), "Void of");
    if (which === "writeOff") {
      const result = await writeOff({ id: invoice.id, reason });
      report(mutationOutcome(result, "writeOffInvoice"), "Write-off of");
    }
  };
  const actions = invoiceActions(invoice);
  return (
    <div class="row-actions">
      {actions.includes("sync") && (
        <PreviewButton connectionId={connectionId} scope={{ kind: "SYNC_INVOICES", invoiceIds: [invoice.id] }} subject={label} onRun={onRun} />
      )}
      {actions.map((action) => (
        <button key={action} type="button" class="button button-small" aria-label={`${LABELS[action]}: ${label}`} onClick={() => perform(action)}>
          {LABELS[action]}
        </button>
      ))}
      <ConfirmDialog
        open={dialog === "void"}
        title={`Void invoice ${invoice.number}?`}
        confirmLabel="Void"
        onConfirm={confirm}
        onCancel={() => setDialog(null)}
      >
        <p>The invoice is voided in the books first, then here. This cannot be undone.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "writeOff"}
        title={`Write off invoice ${invoice.number}?`}
        confirmLabel="Write off"
        onConfirm={confirm}
        onCancel={() => setDialog(null)}
      >
        <p>The open balance is closed as bad debt, here and in the books.</p>
        <label for={`reason-${invoice.id}`}>Why it cannot be collected</label>
        <textarea id={`reason-${invoice.id}`} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </ConfirmDialog>
    </div>
  );
}
