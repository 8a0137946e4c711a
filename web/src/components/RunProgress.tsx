import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { useSubscription } from "@urql/preact";
import { SYNC_PROGRESS } from "../operations";
import { INITIAL_PROGRESS, progressReducer, type ProgressState } from "../state/progress";
import { requestError } from "../state/errors";
import { ProgressBar } from "./ProgressBar";
import { ErrorAlert } from "./Alert";
import { Link } from "../router";

interface Props {
  runId: string;
  label: string;
  onFinished?: (state: ProgressState) => void;
  /** Called when the live status changes (e.g. RUNNING to WAITING), to read the run again. */
  onStatusChange?: (status: string) => void;
  showLink?: boolean;
  /** What the run waits for, as last read (a run WAITING before subscribing gets no event). */
  waitingReason?: string | null;
}

/** A run's live progress bar, fed by the `syncProgress` subscription. */
export function RunProgress({
  runId,
  label,
  onFinished,
  onStatusChange,
  showLink = true,
  waitingReason = null,
}: Props): JSX.Element {
  const [result] = useSubscription<unknown, ProgressState>(
    { query: SYNC_PROGRESS, variables: { runId } },
    (previous = INITIAL_PROGRESS, data) =>
      progressReducer(previous, (data as { syncProgress: Parameters<typeof progressReducer>[1] }).syncProgress),
  );
  const state = result.data ?? INITIAL_PROGRESS;
  useEffect(() => {
    if (state.finished) onFinished?.(state);
    // Only the moment the run finishes matters.
  }, [state.finished]);
  useEffect(() => {
    if (state.status) onStatusChange?.(state.status);
  }, [state.status]);
  return (
    <div class="run-progress" data-run-id={runId} data-run-status={state.status ?? ""}>
      <ProgressBar state={state} label={label} waitingReason={waitingReason} />
      {state.error && <p class="field-error">{state.error}</p>}
      <ErrorAlert error={requestError(result.error)} />
      {showLink && (
        <p>
          <Link to={`/syncs/${encodeURIComponent(runId)}`}>See every record of this run</Link>
        </p>
      )}
    </div>
  );
}
