import type { JSX, ComponentChildren } from "preact";
import type { ShownError } from "../state/errors";

export function ErrorAlert({ error }: { error: ShownError | null }): JSX.Element | null {
  if (!error) return null;
  return (
    <div class="alert alert-error" role="alert" data-error-code={error.code}>
      {error.message}
    </div>
  );
}

export function Notice({ tone, children }: { tone: "ok" | "info" | "warn"; children: ComponentChildren }): JSX.Element {
  return (
    <div class={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export function FieldError({ error, id }: { error: ShownError | undefined; id: string }): JSX.Element | null {
  if (!error) return null;
  return (
    <p class="field-error" id={id} data-error-code={error.code}>
      {error.message}
    </p>
  );
}
