import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render } from "@testing-library/preact";
import { ConfirmDialog } from "../src/components/ConfirmDialog";

describe("ConfirmDialog", () => {
  afterEach(cleanup);

  it("names each dialog by its own title when a page holds several", () => {
    render(
      <div>
        <ConfirmDialog open={false} title="Void R-1?" confirmLabel="Void" onConfirm={() => {}} onCancel={() => {}}>
          One
        </ConfirmDialog>
        <ConfirmDialog open={false} title="Void R-2?" confirmLabel="Void" onConfirm={() => {}} onCancel={() => {}}>
          Two
        </ConfirmDialog>
      </div>,
    );
    const dialogs = Array.from(document.querySelectorAll("dialog"));
    const titles = dialogs.map((d) => document.getElementById(d.getAttribute("aria-labelledby") ?? "")?.textContent);
    expect(titles).toEqual(["Void R-1?", "Void R-2?"]);
  });
});
