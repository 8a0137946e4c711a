import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useMutation } from "@urql/preact";
import type { FixAction } from "../gql/graphql";
import { SYNC_NOW, SYNC_PAYMENTS, UPDATE_SYNCED_INVOICE } from "../operations";
import { mutationOutcome, queuedRunId, type ShownError } from "../state/errors";
import { ErrorAlert } from "../components/Alert";
import { RunProgress } from "../components/RunProgress";
import { IMPORT_INVOICES } from "./operations";
import { canFix, fixPlan } from "./logic";

interface Props {
  connectionId: string;
  action: FixAction;
  localId: string | null;
  hint: string | null;
  /** Names the record in the button's accessible name (several rows share the same words). */
  label: string;
}

/** A discrepancy's fix: the mutation its action names, with the run's progress; HINT shows the hint. */
export function FixButton({ connectionId, action, localId, hint, label }: Props): JSX.Element {
  const [, syncPayments] = useMutation(SYNC_PAYMENTS);
  const [, syncNow] = useMutation(SYNC_NOW);
  const [, updateInvoice] = useMutation(UPDATE_SYNCED_INVOICE);
  const [, importInvoices] = useMutation(IMPORT_INVOICES);
  const [busy, setBusy] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const plan = fixPlan(action);
  if (!canFix(action, localId)) {
    return <p class="hint" data-fix="HINT">{hint ?? "Nothing Ledgersync can do here: check the record in the books."}</p>;
  }
  const run = async () => {
    setBusy(true);
    setError(null);
    const variables = { connectionId };
    let result: { outcome: unknown; failure: ShownError | null };
    if (plan.mutation === "syncPayments") result = mutationOutcome(await syncPayments(variables), "syncPayments");
    else if (plan.mutation === "syncNow") result = mutationOutcome(await syncNow(variables), "syncNow");
    else if (plan.mutation === "importInvoices") result = mutationOutcome(await importInvoices(variables), "importInvoices");
    else result = mutationOutcome(await updateInvoice({ id: localId ?? "" }), "updateSyncedInvoice");
    setBusy(false);
    setError(result.failure);
    setRunId(result.failure ? null : queuedRunId(result.outcome));
  };
  return (
    <div class="fix" data-fix={action}>
      <button type="button" class="button" disabled={busy || runId !== null} onClick={run} aria-label={`${plan.label}: ${label}`}>
        {plan.label}
      </button>
      {hint && <p class="hint">{hint}</p>}
      <ErrorAlert error={error} />
      {runId && <RunProgress key={runId} runId={runId} label={`Fix for ${label}`} />}
    </div>
  );
}
