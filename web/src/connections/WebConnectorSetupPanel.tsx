import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { StartConnectionMutation } from "../gql/graphql";

export type WebConnectorSetup = Extract<
  NonNullable<StartConnectionMutation["startConnection"]>,
  { __typename: "WebConnectorSetup" }
>;

/**
 * What `startConnection(QUICKBOOKS_DESKTOP)` returned: the .qwc file to download, the password
 * (shown this once), and the steps on the QuickBooks computer. The card below keeps saying it
 * waits for the first poll until the Web Connector reports the company file.
 */
export function WebConnectorSetupPanel({ setup }: { setup: WebConnectorSetup }): JSX.Element {
  return (
    <div class="setup-panel" data-setup="web-connector" data-connection-id={setup.connectionId}>
      <h3>Set up the QuickBooks Web Connector</h3>
      {setup.warning && (
        <div class="alert alert-warn" role="alert" data-setup-warning>
          {setup.warning}
        </div>
      )}
      <ol class="steps">
        <li>
          Download the connector file:{" "}
          <a class="button" href={setup.qwcDownloadUrl} download={setup.qwcFileName} data-qwc-download>
            Download {setup.qwcFileName}
          </a>
        </li>
        <li>
          On the computer that runs QuickBooks, open the company file in QuickBooks as its
          administrator. Open the QuickBooks Web Connector, click <strong>Add an application</strong>{" "}
          and choose the downloaded file.
        </li>
        <li>
          QuickBooks asks whether Ledgersync may access the company file. Choose{" "}
          <strong>Yes, always; allow access even if QuickBooks is not running</strong>, so the Web
          Connector can log in automatically, and confirm.
        </li>
        <li>
          In the Web Connector, enter the password below in Ledgersync's <strong>Password</strong>{" "}
          column and save it.
        </li>
        <li>
          Tick <strong>Auto-Run</strong> to sync on a schedule, or click{" "}
          <strong>Update Selected</strong> to sync now.
        </li>
      </ol>
      <dl class="facts">
        <div>
          <dt>User name</dt>
          <dd>
            <code data-setup-user-name>{setup.userName}</code>
          </dd>
        </div>
        <div>
          <dt>Password</dt>
          <dd>
            <code data-setup-password>{setup.password}</code> <CopyButton text={setup.password} />
          </dd>
        </div>
      </dl>
      <p class="muted">
        The password is shown only this once and Ledgersync does not keep it. If it is lost, set
        up again: a new password replaces it and the old one stops working.
      </p>
    </div>
  );
}

function CopyButton({ text }: { text: string }): JSX.Element {
  const [said, setSaid] = useState<string>("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid("Copied.");
    } catch {
      setSaid("The browser did not allow copying: select the password and copy it.");
    }
  };
  return (
    <>
      <button type="button" class="button" onClick={copy} aria-label="Copy the password">
        Copy
      </button>
      <span role="status" class="muted">
        {said && ` ${said}`}
      </span>
    </>
  );
}
