import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/preact";
import { errorsByField, mutationOutcome, queuedRunId, requestError, userError } from "../src/state/errors";
import { ErrorAlert, FieldError } from "../src/components/Alert";

describe("userError", () => {
  it("is null for a success", () => {
    expect(userError({ __typename: "SyncNowSuccess" })).toBeNull();
  });

  it("keeps the code and field of a UserError", () => {
    const shown = userError({ __typename: "ValidationError", message: "Too early", code: "VALIDATION", field: "syncStartDate" });
    expect(shown).toEqual({ code: "VALIDATION", message: "Too early", field: "syncStartDate" });
  });

  it("reports a missing result as unexpected", () => {
    expect(userError(null)?.code).toBe("UNEXPECTED");
  });
});

describe("errorsByField", () => {
  it("files an error under its root field, and unknown fields under the form", () => {
    const byField = errorsByField(
      [
        { code: "VALIDATION", message: "a", field: "paymentMethods.2" },
        { code: "NOT_FOUND", message: "b", field: "connectionId" },
      ],
      ["paymentMethods", "syncStartDate"],
    );
    expect(byField.paymentMethods?.message).toBe("a");
    expect(byField[""]?.code).toBe("NOT_FOUND");
  });
});

describe("requestError", () => {
  it("turns FORBIDDEN into plain words and keeps the code", () => {
    const shown = requestError({ graphQLErrors: [{ message: "forbidden", extensions: { code: "FORBIDDEN" } }] });
    expect(shown?.code).toBe("FORBIDDEN");
    expect(shown?.message).toMatch(/administrator/);
  });

  it("reports a network failure", () => {
    expect(requestError({ graphQLErrors: [], networkError: new Error("down") })?.code).toBe("NETWORK");
  });

  it("is null without an error", () => {
    expect(requestError(undefined)).toBeNull();
  });
});

describe("error rendering", () => {
  it("announces a form error as an alert carrying its code", () => {
    render(<ErrorAlert error={{ code: "CONNECTION_CONFLICT", message: "Disconnect Xero first", field: null }} />);
    expect(screen.getByRole("alert").getAttribute("data-error-code")).toBe("CONNECTION_CONFLICT");
  });

  it("renders a field error with the id its input points at", () => {
    const { container } = render(<FieldError id="setting-syncStartDate-error" error={{ code: "VALIDATION", message: "Too early", field: "syncStartDate" }} />);
    expect(container.querySelector("#setting-syncStartDate-error")?.textContent).toBe("Too early");
  });
});

describe("mutationOutcome and queuedRunId", () => {
  it("finds the run a success queued, and none in an error", () => {
    const ok = mutationOutcome({ data: { syncNow: { __typename: "SyncNowSuccess", run: { id: "r9" } } } }, "syncNow");
    const refused = mutationOutcome(
      { data: { syncNow: { __typename: "InvalidStateError", message: "Reconnect", code: "INVALID_STATE", field: null } } },
      "syncNow",
    );
    expect([ok.failure, queuedRunId(ok.outcome)]).toEqual([null, "r9"]);
    expect([refused.failure?.code, queuedRunId(refused.outcome)]).toEqual(["INVALID_STATE", null]);
  });
});
