// The live state of a sync run, folded from `syncProgress` events: the snapshot first, then
// events in `seq` order (late or repeated events are ignored), ending on SyncFinished. A run of a
// platform that answers later (QuickBooks Desktop) goes WAITING (SyncWaiting, with its reason)
// and RUNNING again when the next poll brings the answers.
import type { SyncProgressSubscription } from "../gql/graphql";

export type ProgressEvent = SyncProgressSubscription["syncProgress"];

export interface RecordLine {
  seq: number;
  label: string;
  ok: boolean;
  code: string | null;
  message: string | null;
  hint: string | null;
}

export interface ProgressState {
  status: string | null;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  error: string | null;
  /** What a WAITING run waits for (e.g. the Web Connector's next poll). */
  waitingReason: string | null;
  lastSeq: number;
  records: RecordLine[];
  finished: boolean;
}

export const INITIAL_PROGRESS: ProgressState = {
  status: null,
  total: 0,
  processed: 0,
  succeeded: 0,
  failed: 0,
  skipped: 0,
  error: null,
  waitingReason: null,
  lastSeq: 0,
  records: [],
  finished: false,
};

const TERMINAL = new Set(["SUCCEEDED", "PARTIAL", "FAILED"]);
/** States a run leaves for RUNNING when work is reported. */
const NOT_RUNNING = new Set(["QUEUED", "WAITING"]);

export function progressReducer(state: ProgressState, event: ProgressEvent): ProgressState {
  if (event.__typename !== "SyncSnapshot" && event.seq <= state.lastSeq) return state;
  if (state.finished) return state;
  const next = { ...state, lastSeq: Math.max(state.lastSeq, event.seq) };
  switch (event.__typename) {
    case "SyncSnapshot":
      return {
        ...next,
        status: event.status,
        total: event.total,
        processed: event.processed,
        succeeded: event.succeeded,
        failed: event.failed,
        skipped: event.skipped,
        error: event.error,
        // A run that parked before the subscription started: the snapshot says what it waits for.
        waitingReason: event.status === "WAITING" ? (event.waitingReason ?? next.waitingReason) : null,
        finished: TERMINAL.has(event.status),
      };
    case "SyncStarted":
      return { ...next, status: "RUNNING", total: event.total, waitingReason: null };
    case "SyncWaiting":
      return { ...next, status: "WAITING", waitingReason: event.reason };
    case "SyncProgress":
      return {
        ...next,
        status: next.status === null || NOT_RUNNING.has(next.status) ? "RUNNING" : next.status,
        waitingReason: null,
        total: event.total,
        processed: event.processed,
        succeeded: event.succeeded,
        failed: event.failed,
        skipped: event.skipped,
      };
    case "RecordSynced":
      return {
        ...next,
        records: [
          ...next.records,
          { seq: event.seq, label: event.label, ok: true, code: null, message: event.warning, hint: null },
        ],
      };
    case "RecordFailed":
      return {
        ...next,
        records: [
          ...next.records,
          {
            seq: event.seq,
            label: event.label,
            ok: false,
            code: event.errorCode,
            message: event.message,
            hint: event.hint,
          },
        ],
      };
    case "SyncFinished":
      return {
        ...next,
        status: event.status,
        total: event.total,
        processed: event.processed,
        succeeded: event.succeeded,
        failed: event.failed,
        skipped: event.skipped,
        error: event.error,
        waitingReason: null,
        finished: true,
      };
    default:
      return next;
  }
}

/** 0–100, for the progress bar; a run with nothing to do is complete once finished. */
export function percent(state: ProgressState): number {
  if (state.total <= 0) return state.finished ? 100 : 0;
  return Math.min(100, Math.round((state.processed / state.total) * 100));
}
