// A small history router for the app's pages under /app (the server answers every /app path
// with index.html, so a reload or a shared link opens the same page).
import type { ComponentChildren, JSX, TargetedMouseEvent } from "preact";
import { createContext } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";

export const BASE = "/app";

export interface Route {
  path: string;
  query: URLSearchParams;
}

function current(): Route {
  const path = window.location.pathname.replace(/^\/app/, "").replace(/\/+$/, "") || "/";
  return { path, query: new URLSearchParams(window.location.search) };
}

const RouteContext = createContext<Route>({ path: "/", query: new URLSearchParams() });

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = BASE + (to.startsWith("/") ? to : `/${to}`);
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  window.dispatchEvent(new Event("ledgersync:navigate"));
}

export function RouterProvider({ children }: { children: ComponentChildren }): JSX.Element {
  const [route, setRoute] = useState<Route>(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener("popstate", update);
    window.addEventListener("ledgersync:navigate", update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener("ledgersync:navigate", update);
    };
  }, []);
  return <RouteContext.Provider value={route}>{children}</RouteContext.Provider>;
}

export function useRoute(): Route {
  return useContext(RouteContext);
}

/** `match("/invoices/:id", "/invoices/abc")` → `{ id: "abc" }`, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i += 1) {
    const part = want[i]!;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(got[i]!);
    else if (part !== got[i]) return null;
  }
  return params;
}

interface LinkProps {
  to: string;
  children: ComponentChildren;
  class?: string;
  "aria-current"?: "page" | undefined;
  "aria-label"?: string;
}

export function Link({ to, children, ...rest }: LinkProps): JSX.Element {
  const onClick = (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={BASE + to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/** Change one filter of the current page's query string (empty removes it), replacing history. */
export function useQueryFilter(): (key: string, value: string) => void {
  const { path, query } = useRoute();
  return (key, value) => {
    const next = new URLSearchParams(query);
    if (value) next.set(key, value);
    else next.delete(key);
    const text = next.toString();
    navigate(`${path}${text ? `?${text}` : ""}`, { replace: true });
  };
}
