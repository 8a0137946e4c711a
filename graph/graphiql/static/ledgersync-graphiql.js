// Starts GraphiQL against the endpoint this page was served from (queries, mutations and
// subscriptions over graphql-transport-ws). Kept out of the page so the Content-Security-Policy
// needs no inline script.
(function () {
  "use strict";

  const WELCOME = [
    "# Ledgersync's GraphQL API.",
    "#",
    "# Put your bearer token in the Headers tab below:",
    '#   {"Authorization": "Bearer <token>"}',
    "# (`ledgersync demo` prints one). Run with Ctrl-Enter.",
    "# The Docs button (top left) shows the whole schema.",
    "",
    "{",
    "  viewer {",
    "    user { name }",
    "    firm { name }",
    "    role",
    "  }",
    "}",
    "",
  ].join("\n");

  const endpoint = window.location.href.split("?")[0].split("#")[0];
  const socket = new URL(endpoint);
  socket.protocol = socket.protocol === "https:" ? "wss:" : "ws:";
  socket.hash = "";

  const fetcher = GraphiQL.createFetcher({
    url: endpoint,
    subscriptionUrl: socket.toString(),
  });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultQuery: WELCOME,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      inputValueDeprecation: true,
    }),
  );
})();
