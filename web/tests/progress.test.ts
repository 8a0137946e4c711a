import { describe, expect, it } from "vitest";
import { INITIAL_PROGRESS, percent, progressReducer, type ProgressEvent } from "../src/state/progress";

const base = { runId: "r1", at: "2026-01-01T00:00:00Z" };
const snapshot = (status: string, processed = 0, total = 4, waitingReason: string | null = null): ProgressEvent => ({
  __typename: "SyncSnapshot", ...base, seq: 1, kind: "PUSH_INVOICES", status: status as never,
  total, processed, succeeded: processed, failed: 0, skipped: 0, error: null, waitingReason,
});
const progress = (seq: number, processed: number, failed = 0): ProgressEvent => ({
  __typename: "SyncProgress", ...base, seq, total: 4, processed, succeeded: processed - failed, failed, skipped: 0,
});

describe("progressReducer", () => {
  it("starts from the snapshot and follows progress events in order", () => {
    let state = progressReducer(INITIAL_PROGRESS, snapshot("QUEUED"));
    state = progressReducer(state, progress(2, 1));
    state = progressReducer(state, progress(3, 3, 1));
    expect(state.status).toBe("RUNNING");
    expect([state.processed, state.failed, state.lastSeq]).toEqual([3, 1, 3]);
    expect(percent(state)).toBe(75);
  });

  it("shows a run waiting for the Web Connector with its reason, then running again", () => {
    let state = progressReducer(INITIAL_PROGRESS, snapshot("RUNNING"));
    state = progressReducer(state, {
      __typename: "SyncWaiting", ...base, seq: 2, reason: "waiting for the Web Connector's next poll",
    });
    expect([state.status, state.waitingReason, state.finished]).toEqual([
      "WAITING", "waiting for the Web Connector's next poll", false,
    ]);
    state = progressReducer(state, progress(3, 2));
    expect([state.status, state.waitingReason]).toEqual(["RUNNING", null]);
  });

  it("shows the reason of a run that was already waiting when the subscription started", () => {
    const state = progressReducer(
      INITIAL_PROGRESS, snapshot("WAITING", 0, 4, "waiting for the Web Connector's next poll"),
    );
    expect([state.status, state.waitingReason]).toEqual(["WAITING", "waiting for the Web Connector's next poll"]);
  });

  it("keeps no waiting reason once the run has finished", () => {
    let state = progressReducer(INITIAL_PROGRESS, snapshot("WAITING"));
    state = progressReducer(state, { __typename: "SyncWaiting", ...base, seq: 2, reason: "next poll" });
    state = progressReducer(state, {
      __typename: "SyncFinished", ...base, seq: 3, status: "SUCCEEDED", total: 4, processed: 4,
      succeeded: 4, failed: 0, skipped: 0, error: null,
    });
    expect([state.status, state.waitingReason, state.finished]).toEqual(["SUCCEEDED", null, true]);
  });

  it("ignores an event whose seq it has already seen", () => {
    let state = progressReducer(INITIAL_PROGRESS, snapshot("RUNNING"));
    state = progressReducer(state, progress(5, 3));
    const late = progressReducer(state, progress(4, 1));
    expect(late).toBe(state);
  });

  it("records failures with their code and hint", () => {
    let state = progressReducer(INITIAL_PROGRESS, snapshot("RUNNING"));
    state = progressReducer(state, {
      __typename: "RecordFailed", ...base, seq: 2, entity: "INVOICE", localId: "i1", label: "Invoice 7",
      errorCode: "QBO-6210", message: "The books are closed", hint: "Move the closing date",
    });
    expect(state.records).toEqual([
      { seq: 2, label: "Invoice 7", ok: false, code: "QBO-6210", message: "The books are closed", hint: "Move the closing date" },
    ]);
  });

  it("finishes on SyncFinished and then stays as it ended", () => {
    let state = progressReducer(INITIAL_PROGRESS, snapshot("RUNNING"));
    state = progressReducer(state, {
      __typename: "SyncFinished", ...base, seq: 9, status: "PARTIAL", total: 4, processed: 4,
      succeeded: 3, failed: 1, skipped: 0, error: null,
    });
    const after = progressReducer(state, progress(10, 1));
    expect(state.finished).toBe(true);
    expect(after).toBe(state);
    expect(percent(state)).toBe(100);
  });

  it("treats a snapshot of a finished run as the end", () => {
    const state = progressReducer(INITIAL_PROGRESS, snapshot("SUCCEEDED", 4));
    expect(state.finished).toBe(true);
  });

  it("shows an empty finished run as complete and an empty waiting one as zero", () => {
    expect(percent({ ...INITIAL_PROGRESS, finished: true })).toBe(100);
    expect(percent(INITIAL_PROGRESS)).toBe(0);
  });
});
