import { render } from "preact";
import { Provider } from "@urql/preact";
import { takeToken } from "./auth";
import { createApiClient } from "./client";
import { RouterProvider } from "./router";
import { App } from "./App";
import "./styles.css";

const token = takeToken({
  location: window.location,
  storage: window.sessionStorage,
  replaceUrl: (url) => window.history.replaceState(null, "", url),
});
const client = createApiClient(window.location.origin, token);
const root = document.getElementById("app");
if (root) {
  render(
    <Provider value={client}>
      <RouterProvider>
        <App signedIn={token !== null} />
      </RouterProvider>
    </Provider>,
    root,
  );
}
