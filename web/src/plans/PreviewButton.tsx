import type { JSX } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { useMutation } from "@urql/preact";
import type { PlanScopeInput } from "../gql/graphql";
import { mutationOutcome, queuedRunId } from "../state/errors";
import { PLAN_SYNC, RUN_SYNC_PLAN } from "./operations";
import { planView, refusalView, type PlanView, type RefusalView } from "./logic";
import { PlanDetails } from "./PlanDetails";

export interface PlannedRun {
  id: string;
  label: string;
}

interface Props {
  /** The connection to plan against; no button without one. */
  connectionId: string | null;
  scope: PlanScopeInput;
  /** What is synced, e.g. "Invoice 1042" or "2 invoices". */
  subject: string;
  disabled?: boolean;
  /** Called with the run once runSyncPlan queued it. */
  onRun: (run: PlannedRun) => void;
}

/**
 * "Preview" beside a Sync action: plans the push (nothing is written to the books), shows the
 * plan in a modal dialog and lets the user run exactly that plan.
 */
export function PreviewButton({ connectionId, scope, subject, disabled = false, onRun }: Props): JSX.Element | null {
  const [, planSync] = useMutation(PLAN_SYNC);
  const [, runSyncPlan] = useMutation(RUN_SYNC_PLAN);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<"planning" | "running" | null>(null);
  const [view, setView] = useState<PlanView | null>(null);
  const [refusal, setRefusal] = useState<RefusalView | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // The native modal moves focus into the dialog, keeps it there and closes on Escape.
    if (open && !dialog.open) dialog.showModal?.();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  if (!connectionId) return null;

  const plan = async () => {
    setView(null);
    setRefusal(null);
    setBusy("planning");
    const { outcome, failure } = mutationOutcome(await planSync({ connectionId, scope }), "planSync");
    setBusy(null);
    if (failure) setRefusal(refusalView(failure));
    else if (outcome?.__typename === "PlanSyncSuccess") setView(planView(outcome.plan));
  };
  const start = () => {
    setOpen(true);
    void plan();
  };
  const run = async () => {
    if (!view) return;
    setBusy("running");
    const { outcome, failure } = mutationOutcome(await runSyncPlan({ planId: view.id }), "runSyncPlan");
    setBusy(null);
    if (failure) {
      setView(null);
      setRefusal(refusalView(failure));
      return;
    }
    const runId = queuedRunId(outcome);
    setOpen(false);
    if (runId) onRun({ id: runId, label: `Sync of ${subject}` });
  };
  return (
    <>
      <button type="button" class="button button-small" disabled={disabled} aria-label={`Preview: ${subject}`} onClick={start}>
        Preview
      </button>
      <dialog ref={ref} class="dialog dialog-wide" aria-labelledby={titleId} data-plan-dialog onCancel={() => setOpen(false)} onClose={() => setOpen(false)}>
        <h2 id={titleId}>Preview: sync of {subject}</h2>
        <div class="dialog-body">
          {busy === "planning" && <p role="status">Planning the sync… nothing is sent to the books.</p>}
          {refusal && (
            <div class="alert alert-error" role="alert" data-plan-refusal={refusal.unavailable ? "unavailable" : "refused"}>
              {refusal.message}
            </div>
          )}
          {view && <PlanDetails view={view} />}
        </div>
        <div class="actions">
          <button type="button" class="button" onClick={() => setOpen(false)}>
            Close
          </button>
          {refusal?.previewAgain && (
            <button type="button" class="button" onClick={() => void plan()}>
              Preview again
            </button>
          )}
          {view && (
            <button type="button" class="button button-primary" disabled={!view.runnable || busy !== null} onClick={() => void run()}>
              Run this plan
            </button>
          )}
        </div>
      </dialog>
    </>
  );
}
