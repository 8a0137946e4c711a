// What the OAuth callback's redirect says happened (?status=connected|choose_company|error).

export interface OAuthOutcome {
  tone: "ok" | "warn" | "error";
  message: string;
  code: string | null;
}

export function oauthOutcome(query: URLSearchParams): OAuthOutcome | null {
  const status = query.get("status");
  if (status === "connected") {
    return { tone: "ok", message: "Connected. Your books can now be synced.", code: null };
  }
  if (status === "choose_company") {
    return {
      tone: "warn",
      message: "Almost there: your consent gave access to several organisations. Choose one below.",
      code: null,
    };
  }
  if (status === "error") {
    const detail = query.get("message");
    const code = query.get("error") ?? "ERROR";
    return {
      tone: "error",
      code,
      message: `Connecting did not finish${detail ? `: ${detail}` : "."} Try Connect again.`,
    };
  }
  return null;
}
