// Turning what the API says went wrong into what the app shows: a mutation's UserError goes
// beside its field (by `field` and `code`), anything else above the form. Tests assert codes.

export interface UserErrorLike {
  __typename: string;
  message?: string;
  code?: string;
  field?: string | null;
}

export interface ShownError {
  code: string;
  message: string;
  /** The input field at fault, as the API names it (e.g. `syncStartDate`). */
  field: string | null;
}

/** The error a mutation result carries, or null when it succeeded. */
export function userError(result: UserErrorLike | null | undefined): ShownError | null {
  if (!result) {
    return { code: "UNEXPECTED", message: "The server gave no answer. Try again.", field: null };
  }
  if (result.__typename.endsWith("Success")) return null;
  return {
    code: result.code ?? "UNEXPECTED",
    message: result.message ?? "The request was refused.",
    field: result.field ?? null,
  };
}

/** Errors keyed by field; errors without a field (or naming an unknown one) go under "". */
export function errorsByField(
  errors: ShownError[],
  knownFields: readonly string[],
): Record<string, ShownError> {
  const byField: Record<string, ShownError> = {};
  for (const error of errors) {
    // `paymentMethods.2` is still the payment-methods field.
    const root = error.field ? error.field.split(".")[0] : "";
    const key = root && knownFields.includes(root) ? root : "";
    if (!(key in byField)) byField[key] = error;
  }
  return byField;
}

interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

interface CombinedErrorLike {
  graphQLErrors: GraphQLErrorLike[];
  networkError?: Error | undefined;
}

const TOP_LEVEL: Record<string, string> = {
  UNAUTHENTICATED: "You are signed out: open the settings again from your billing application.",
  FORBIDDEN: "Only an administrator of your firm can do this.",
  UNAVAILABLE: "The job queue is unavailable right now. Try again in a minute.",
};

/** A query's or mutation's top-level error in plain words, with its code. */
export function requestError(error: CombinedErrorLike | null | undefined): ShownError | null {
  if (!error) return null;
  if (error.networkError && error.graphQLErrors.length === 0) {
    return {
      code: "NETWORK",
      message: "Ledgersync cannot be reached. Check your connection and try again.",
      field: null,
    };
  }
  const first = error.graphQLErrors[0];
  if (!first) return null;
  const code = typeof first.extensions?.code === "string" ? first.extensions.code : "ERROR";
  return { code, message: TOP_LEVEL[code] ?? first.message, field: null };
}

/** A mutation's named-union result under `key`, and what went wrong (top-level errors first). */
export function mutationOutcome<D, K extends keyof D>(
  result: { error?: CombinedErrorLike | undefined; data?: D | undefined },
  key: K,
): { outcome: D[K] | null; failure: ShownError | null } {
  const outcome = result.data?.[key] ?? null;
  const failure = requestError(result.error) ?? userError(outcome as UserErrorLike | null);
  return { outcome, failure };
}

/** The id of the run a successful sync mutation queued, if its result carries one. */
export function queuedRunId(outcome: unknown): string | null {
  if (typeof outcome !== "object" || outcome === null || !("run" in outcome)) return null;
  const run = outcome.run;
  if (typeof run !== "object" || run === null || !("id" in run)) return null;
  return typeof run.id === "string" ? run.id : null;
}
