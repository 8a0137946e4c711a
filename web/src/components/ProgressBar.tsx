import type { JSX } from "preact";
import { percent, type ProgressState } from "../state/progress";

export function ProgressBar({
  state,
  label,
  waitingReason = null,
}: {
  state: ProgressState;
  label: string;
  /** Shown while the run is WAITING when no SyncWaiting event said why (it waited before). */
  waitingReason?: string | null;
}): JSX.Element {
  const value = percent(state);
  const counts = `${state.processed} of ${state.total} processed`;
  const id = `progress-${label.replace(/[^A-Za-z0-9]+/g, "-")}`;
  return (
    <div class="progress">
      <p class="progress-title" id={id}>
        {label}
      </p>
      <div
        class="progress-track"
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${value}% (${counts})`}
      >
        <div class="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <p class="progress-text">
        {state.status ? statusWord(state.status) : "Waiting for the run"} · {counts}
        {state.failed > 0 ? ` · ${state.failed} failed` : ""}
        {state.skipped > 0 ? ` · ${state.skipped} skipped` : ""}
      </p>
      {state.status === "WAITING" && (
        <p class="progress-waiting" data-waiting-reason>
          {capitalised(state.waitingReason ?? waitingReason ?? "waiting for the platform to answer")}.
          This continues by itself.
        </p>
      )}
    </div>
  );
}

export function statusWord(status: string): string {
  const words: Record<string, string> = {
    QUEUED: "Queued",
    RUNNING: "Running",
    WAITING: "Waiting",
    SUCCEEDED: "Succeeded",
    PARTIAL: "Partly failed",
    FAILED: "Failed",
  };
  return words[status] ?? status;
}

function capitalised(text: string): string {
  const trimmed = text.replace(/[.\s]+$/, "");
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
