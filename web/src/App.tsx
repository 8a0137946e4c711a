import type { JSX } from "preact";
import { useQuery } from "@urql/preact";
import { SHELL } from "./operations";
import { requestError } from "./state/errors";
import { SessionProvider } from "./session";
import { Layout } from "./components/Layout";
import { ErrorAlert } from "./components/Alert";
import { match, navigate, useRoute } from "./router";
import { ConnectionsPage } from "./pages/ConnectionsPage";
import { SettingsPage } from "./pages/SettingsPage";
import { InvoicesPage } from "./pages/InvoicesPage";
import { InvoicePage } from "./pages/InvoicePage";
import { CustomersPage } from "./pages/CustomersPage";
import { SyncsPage } from "./pages/SyncsPage";
import { SyncRunPage } from "./pages/SyncRunPage";
import { ActivityPage } from "./pages/ActivityPage";
import { ReconciliationPage } from "./pages/ReconciliationPage";
import { useEffect } from "preact/hooks";

function Page(): JSX.Element {
  const { path } = useRoute();
  useEffect(() => {
    if (path === "/") navigate("/connections", { replace: true });
  }, [path]);
  let params: Record<string, string> | null;
  if ((params = match("/connections/:id/settings", path))) return <SettingsPage connectionId={params.id!} />;
  if (path === "/connections" || path === "/") return <ConnectionsPage />;
  if (path === "/invoices") return <InvoicesPage />;
  if ((params = match("/invoices/:id", path))) return <InvoicePage id={params.id!} />;
  if (path === "/customers") return <CustomersPage />;
  if (path === "/syncs") return <SyncsPage />;
  if ((params = match("/syncs/:id", path))) return <SyncRunPage id={params.id!} />;
  if (path === "/activity") return <ActivityPage />;
  if (path === "/reconciliation") return <ReconciliationPage />;
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address. Use the sections above.</p>
    </>
  );
}

export function App({ signedIn }: { signedIn: boolean }): JSX.Element {
  const [shell] = useQuery({ query: SHELL, pause: !signedIn });
  if (!signedIn) return <SignedOut />;
  if (shell.fetching && !shell.data) {
    return (
      <main id="main" class="centered">
        <p role="status">Loading…</p>
      </main>
    );
  }
  if (!shell.data) {
    return (
      <main id="main" class="centered">
        <h1>Accounting integration</h1>
        <ErrorAlert error={requestError(shell.error)} />
      </main>
    );
  }
  return (
    <SessionProvider viewer={shell.data.viewer}>
      <Layout>
        <Page />
      </Layout>
    </SessionProvider>
  );
}

function SignedOut(): JSX.Element {
  return (
    <main id="main" class="centered">
      <h1>Accounting integration</h1>
      <p>
        You are not signed in. Open these settings from your billing application, which signs you
        in.
      </p>
    </main>
  );
}
