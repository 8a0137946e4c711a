import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/preact";
import { WebConnectorSetupPanel, type WebConnectorSetup } from "../src/connections/WebConnectorSetupPanel";

const setup: WebConnectorSetup = {
  __typename: "WebConnectorSetup",
  provider: "QUICKBOOKS_DESKTOP",
  connectionId: "c1",
  userName: "ls-abc123",
  password: "s3cret-once",
  qwcFileName: "Ledgersync.qwc",
  qwcDownloadUrl: "data:application/xml;base64,PFFCV0NYTUwvPg==",
  warning: null,
};

describe("WebConnectorSetupPanel", () => {
  it("offers the .qwc as a download under its file name, with the user name and password", () => {
    render(<WebConnectorSetupPanel setup={setup} />);
    const link = screen.getByRole("link", { name: "Download Ledgersync.qwc" });
    expect(link.getAttribute("href")).toBe(setup.qwcDownloadUrl);
    expect(link.getAttribute("download")).toBe("Ledgersync.qwc");
    expect(screen.getByText("s3cret-once")).toBeTruthy();
    expect(screen.getByText("ls-abc123")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Copy the password" })).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows the warning when the Web Connector would refuse Ledgersync's address", () => {
    render(<WebConnectorSetupPanel setup={{ ...setup, warning: "The Web Connector needs HTTPS." }} />);
    expect(screen.getByRole("alert").textContent).toBe("The Web Connector needs HTTPS.");
  });
});
