import { describe, expect, it } from "vitest";
import { takeToken } from "../src/auth";
import { connectionStatus } from "../src/state/connectionStatus";
import { oauthOutcome } from "../src/state/oauthOutcome";
import { invoiceActions } from "../src/invoices/labels";
import { inputFromForm, formFromSettings, unmatchedMethods } from "../src/settings/form";
import { match } from "../src/router";
import { companyLabel } from "../src/connections/OrganisationChooser";
import { awaitsWebConnector } from "../src/connections/platforms";
import { booksView } from "../src/settings/books";

function memoryStorage() {
  const data = new Map<string, string>();
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
}

describe("takeToken", () => {
  it("moves the fragment token to storage and clears it from the URL", () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = takeToken({ location: { hash: "#token=abc.def", pathname: "/app/", search: "" }, storage, replaceUrl: (u) => replaced.push(u) });
    expect(token).toBe("abc.def");
    expect(storage.getItem("ledgersync.token")).toBe("abc.def");
    expect(replaced).toEqual(["/app/"]);
  });

  it("falls back to the stored token, keeping the query of an OAuth return", () => {
    const storage = memoryStorage();
    storage.setItem("ledgersync.token", "kept");
    const replaced: string[] = [];
    const token = takeToken({ location: { hash: "", pathname: "/app/connections", search: "?status=connected" }, storage, replaceUrl: (u) => replaced.push(u) });
    expect(token).toBe("kept");
    expect(replaced).toEqual([]);
  });
});

describe("connectionStatus", () => {
  const base = { lastError: null, reconnectHint: null, availableCompanies: [] };
  it.each([
    ["ACTIVE", "Active", false],
    ["EXPIRED", "Expired", true],
    ["REVOKED", "Revoked", true],
    ["ERROR", "Error", false],
  ] as const)("shows %s as %s", (status, label, reconnect) => {
    const view = connectionStatus({ ...base, status });
    expect([view.label, view.needsReconnect]).toEqual([label, reconnect]);
  });

  it("asks to choose an organisation when the consent granted several", () => {
    const view = connectionStatus({ ...base, status: "PENDING", availableCompanies: [{ id: "t1", name: "Acme" }] });
    expect(view.needsChoice).toBe(true);
    expect(view.label).toBe("Choose an organisation");
  });

  it("shows the error and the fix of an ERROR connection", () => {
    const view = connectionStatus({ ...base, status: "ERROR", lastError: "Throttled", reconnectHint: "Wait" });
    expect([view.problem, view.fix]).toEqual(["Throttled", "Wait"]);
  });
});

describe("a Web Connector connection's status", () => {
  const base = { lastError: null, reconnectHint: null, availableCompanies: [] };
  it("waits for the first poll while PENDING, and may be set up again", () => {
    const view = connectionStatus({ ...base, status: "PENDING" }, { setup: "web-connector" });
    expect([view.label, view.tone, view.needsReconnect, view.needsChoice]).toEqual([
      "Waiting for the first poll", "pending", true, false,
    ]);
  });

  it("says it waits for the Web Connector while a run waits, and is Active otherwise", () => {
    const waiting = connectionStatus(
      { ...base, status: "ACTIVE" },
      { setup: "web-connector", waitingReason: "1 request(s) waiting for the QuickBooks Web Connector to poll" },
    );
    expect([waiting.label, waiting.problem]).toEqual([
      "Waiting for the Web Connector",
      "A sync is waiting: 1 request(s) waiting for the QuickBooks Web Connector to poll.",
    ]);
    expect(connectionStatus({ ...base, status: "ACTIVE" }, { setup: "web-connector" }).label).toBe("Active");
  });

  it("is read again while a Desktop connection is PENDING or a run waits, not otherwise", () => {
    expect(awaitsWebConnector([{ provider: "QUICKBOOKS_DESKTOP", status: "PENDING" }], 0)).toBe(true);
    expect(awaitsWebConnector([{ provider: "QUICKBOOKS_DESKTOP", status: "ACTIVE" }], 1)).toBe(true);
    expect(awaitsWebConnector([{ provider: "QUICKBOOKS_DESKTOP", status: "ACTIVE" }], 0)).toBe(false);
    expect(awaitsWebConnector([{ provider: "XERO", status: "PENDING" }], 0)).toBe(false);
  });
});

describe("oauthOutcome", () => {
  it("reads connected, choose_company and error", () => {
    expect(oauthOutcome(new URLSearchParams("status=connected"))?.tone).toBe("ok");
    expect(oauthOutcome(new URLSearchParams("status=choose_company"))?.tone).toBe("warn");
    const error = oauthOutcome(new URLSearchParams("status=error&error=access_denied&message=You+declined"));
    expect(error?.code).toBe("access_denied");
    expect(error?.message).toContain("You declined");
    expect(oauthOutcome(new URLSearchParams(""))).toBeNull();
  });
});

describe("invoiceActions", () => {
  it("offers Sync for an issued invoice not synced, and nothing for a draft", () => {
    expect(invoiceActions({ status: "SENT", docType: "INVOICE", syncStatus: { status: "NOT_SYNCED" } })).toEqual(["sync", "writeOff"]);
    expect(invoiceActions({ status: "DRAFT", docType: "INVOICE", syncStatus: { status: "NOT_SYNCED" } })).toEqual([]);
  });

  it("offers update and void for a synced unpaid invoice", () => {
    expect(invoiceActions({ status: "SENT", docType: "INVOICE", syncStatus: { status: "SYNCED" } })).toEqual(["update", "void", "writeOff"]);
  });
});

describe("settings form", () => {
  const settings = {
    syncEnabled: true, syncInvoices: true, syncPayments: true, syncCustomers: false,
    syncStartDate: null, incomeAccountId: "1", defaultItemId: null, defaultTaxCode: null,
    paymentMethods: ["Cash"], refundAccountId: null, depositAccountId: null, badDebtItemId: null,
    lockAfterSync: true, autoSync: "OFF" as const,
  };
  it("sends an emptied optional field as null", () => {
    const form = { ...formFromSettings(settings), incomeAccountId: "  " };
    const input = inputFromForm(form);
    expect(input.incomeAccountId).toBeNull();
    expect(input.paymentMethods).toEqual(["Cash"]);
  });

  it("flags methods the books lack and those the last sync reported", () => {
    const flagged = unmatchedMethods(["Cash", "Crypto", "Cheque"], ["cash", "Check"], ["Cheque"]);
    expect([...flagged].sort()).toEqual(["Cheque", "Crypto"]);
    expect([...unmatchedMethods(["Crypto"], null, [])]).toEqual([]);
  });
});

describe("match", () => {
  it("reads route parameters", () => {
    expect(match("/invoices/:id", "/invoices/abc%3D")).toEqual({ id: "abc=" });
    expect(match("/invoices/:id", "/customers/abc")).toBeNull();
  });
});


describe("companyLabel", () => {
  it("adds the id only when two granted companies share a name", () => {
    const all = [{ id: "t1", name: "Acme" }, { id: "t2", name: "Acme" }, { id: "t3", name: "Globex" }];
    expect(companyLabel(all[0]!, all)).toBe("Acme (t1)");
    expect(companyLabel(all[2]!, all)).toBe("Globex");
    expect(companyLabel({ id: "t4", name: null }, all)).toBe("t4");
  });
});

describe("booksView", () => {
  it("waits for the connector with text boxes before the first read, and keeps reading", () => {
    const view = booksView({ status: "WAITING", readAt: null, pendingSince: "2026-12-03T08:00:00+00:00", error: null }, "QuickBooks Desktop");
    expect(view.listed).toBe(false);
    expect(view.watch).toBe(true);
    expect(view.notice?.tone).toBe("info");
    expect(view.notice?.text).toContain("Web Connector next polls");
    expect(view.notice?.text).toContain("type the ids");
    expect(view.readLabel).toBeNull();
  });

  it("lists the last copy while a refresh waits", () => {
    const view = booksView({ status: "WAITING", readAt: "2026-12-02T08:00:00+00:00", pendingSince: "2026-12-03T08:00:00+00:00" }, "QuickBooks Desktop");
    expect(view.listed).toBe(true);
    expect(view.notice?.text).toContain("last ones read");
    expect(view.readLabel).toContain("Lists read from QuickBooks Desktop");
  });

  it("says nothing once read, and warns with the error when the platform refused", () => {
    expect(booksView({ status: "READ", readAt: "2026-12-03T08:00:00+00:00" }, "Xero").notice).toBeNull();
    const failed = booksView({ status: "FAILED", readAt: null, error: "refused" }, "Xero");
    expect(failed.listed).toBe(false);
    expect(failed.watch).toBe(false);
    expect(failed.notice).toEqual({ tone: "warn", text: "The lists could not be read from Xero (refused). Type the ids instead." });
  });
});
