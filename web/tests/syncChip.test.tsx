import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/preact";
import { syncChip } from "../src/state/syncChip";
import { SyncChip } from "../src/components/Chip";
import type { SyncInfoFieldsFragment } from "../src/gql/graphql";

const info = (over: Partial<SyncInfoFieldsFragment>): SyncInfoFieldsFragment => ({
  status: "NOT_SYNCED", remoteId: null, remoteNumber: null, lastSyncedAt: null,
  lastError: null, lastErrorCode: null, lastErrorHint: null, ...over,
});

describe("syncChip", () => {
  it.each([
    ["SYNCED", "Synced", "ok"],
    ["PENDING", "Pending", "pending"],
    ["ERROR", "Error", "error"],
    ["NOT_SYNCED", "—", "none"],
  ] as const)("labels %s as %s", (status, label, tone) => {
    const view = syncChip(info({ status }));
    expect([view.label, view.tone]).toEqual([label, tone]);
  });

  it("puts the error first and the hint and code in the details of an error", () => {
    const view = syncChip(info({ status: "ERROR", lastError: "Period closed", lastErrorCode: "QBO-6210", lastErrorHint: "Reopen the period" }));
    expect(view.details.map((d) => d.term)).toEqual(["Error", "Code", "What to do"]);
  });

  it("shows the number in the books of a synced invoice", () => {
    const view = syncChip(info({ status: "SYNCED", remoteId: "130", remoteNumber: "1042" }));
    expect(view.details).toContainEqual({ term: "Number in the books", value: "1042" });
  });
});

describe("SyncChip", () => {
  it("reveals the error and hint on click", () => {
    render(<SyncChip subject="invoice 7" info={info({ status: "ERROR", lastError: "Period closed", lastErrorHint: "Reopen the period" })} />);
    const button = screen.getByRole("button", { name: /sync error/i });
    expect(screen.queryByText("Reopen the period")).toBeNull();
    fireEvent.click(button);
    expect(button.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByText("Reopen the period")).toBeTruthy();
  });

  it("says Not synced to screen readers instead of a dash", () => {
    render(<SyncChip subject="invoice 8" info={info({})} />);
    expect(screen.getByText("Not synced")).toBeTruthy();
  });
});
