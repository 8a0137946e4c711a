// The billing app hands the settings app a bearer token in the URL fragment (#token=…): a
// fragment never reaches a server, so it is in no request line, query string or log. The app
// moves it to sessionStorage (this tab only) and removes it from the address bar at once.

const STORAGE_KEY = "ledgersync.token";

export interface TokenSources {
  location: { hash: string; pathname: string; search: string };
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  replaceUrl: (url: string) => void;
}

/** The token from the fragment (stored, then cleared from the URL), else the stored one. */
export function takeToken({ location, storage, replaceUrl }: TokenSources): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  const fresh = fragment.get("token");
  if (fresh) {
    storage.setItem(STORAGE_KEY, fresh);
    replaceUrl(location.pathname + location.search);
    return fresh;
  }
  return storage.getItem(STORAGE_KEY);
}

/** Forget the token (the server refused it). */
export function forgetToken(storage: Pick<Storage, "removeItem">): void {
  storage.removeItem(STORAGE_KEY);
}
