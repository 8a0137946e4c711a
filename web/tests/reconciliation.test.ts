import { describe, expect, it } from "vitest";
import { canFix, csvBlob, csvFileName, fixPlan, reportView } from "../src/reconciliation/logic";
import { bookedByLocalId, booksCurrencyFacts, documentRateText, rateText } from "../src/currencies/logic";

describe("fixPlan", () => {
  it("names the mutation each action's code stands for", () => {
    expect(fixPlan("PULL_PAYMENTS").mutation).toBe("syncPayments");
    expect(fixPlan("PUSH_PAYMENTS").mutation).toBe("syncNow");
    expect(fixPlan("PUSH_UPDATE").mutation).toBe("updateSyncedInvoice");
    expect(fixPlan("IMPORT").mutation).toBe("importInvoices");
    expect(fixPlan("HINT").mutation).toBeNull();
  });

  it("offers no button for a hint, nor for an invoice update without a local invoice", () => {
    expect(canFix("HINT", "inv-1")).toBe(false);
    expect(canFix("PUSH_UPDATE", null)).toBe(false);
    expect(canFix("PUSH_UPDATE", "inv-1")).toBe(true);
    expect(canFix("IMPORT", null)).toBe(true);
  });
});

describe("reportView", () => {
  it("says a running report whose run waits is waiting for the books", () => {
    const view = reportView("RUNNING", { runStatus: "WAITING" });
    expect(view.label).toBe("Waiting");
    expect(view.message).toContain("Web Connector");
  });

  it("gives the reason of a failed report", () => {
    expect(reportView("FAILED", { error: "the books refused the read" }).message).toBe(
      "The report failed: the books refused the read.",
    );
  });

  it("says a completed report without discrepancies found none", () => {
    expect(reportView("COMPLETED", { total: 0 }).message).toContain("No discrepancies");
    expect(reportView("COMPLETED", { total: 3 }).message).toBeNull();
  });
});

describe("csv download", () => {
  it("names the file after the day the report was queued", () => {
    expect(csvFileName("2026-12-03T08:15:00+00:00")).toBe("reconciliation-2026-12-03.csv");
    expect(csvFileName("")).toBe("reconciliation.csv");
  });

  it("makes a CSV blob of the report's text", async () => {
    const blob = csvBlob("kind,action\nTOTAL_MISMATCH,PUSH_UPDATE\n");
    expect(blob.type).toBe("text/csv;charset=utf-8");
    expect(await blob.text()).toBe("kind,action\nTOTAL_MISMATCH,PUSH_UPDATE\n");
  });
});

describe("currencies", () => {
  it("says what is not read yet rather than guessing the books' currencies", () => {
    expect(booksCurrencyFacts({ homeCurrency: null, multicurrency: null, currencies: [] })).toEqual({
      home: "Not read yet",
      multicurrency: "Not read yet",
      currencies: "Not known",
    });
    expect(booksCurrencyFacts({ homeCurrency: "USD", multicurrency: true, currencies: ["USD", "EUR"] }).currencies).toBe(
      "USD, EUR",
    );
  });

  it("reads a rate as home-currency units for one unit of the document's currency", () => {
    expect(rateText("1.08500000", "EUR", "USD")).toBe("1 EUR = 1.085 USD");
    expect(rateText(null, "EUR", "USD")).toBeNull();
    expect(documentRateText(null, "EUR", "USD")).toBe("The books' rate");
    expect(documentRateText(null, "USD", "USD")).toBe("Home currency");
  });

  it("joins booked mappings to invoices by local ID", () => {
    const booked = bookedByLocalId([{ localId: "inv-1", currency: "EUR", exchangeRate: "1.1", homeTotal: "110.00" }]);
    expect(booked.get("inv-1")?.homeTotal).toBe("110.00");
    expect(booked.get("inv-2")).toBeUndefined();
  });
});
