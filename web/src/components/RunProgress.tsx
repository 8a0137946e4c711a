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
  showLink?: boolean;
}

/** A run's live progress bar, fed by the `syncProgress` subscription. */
export function RunProgress({ runId, label, onFinished, showLink = true }: Props): JSX.Element {
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
  return (
    <div class="run-progress" data-run-id={runId} data-run-status={state.status ?? ""}>
      <ProgressBar state={state} label={label} />
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
