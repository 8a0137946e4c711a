import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { SyncInfoFieldsFragment } from "../gql/graphql";
import { syncChip, type Tone } from "../state/syncChip";

export function Badge({ tone, children }: { tone: Tone; children: string }): JSX.Element {
  return <span class={`chip chip-${tone}`}>{children}</span>;
}

/** A record's sync status; a click shows the error and hint, or the number in the books. */
export function SyncChip({ info, subject }: { info: SyncInfoFieldsFragment; subject: string }): JSX.Element {
  const view = syncChip(info);
  const [open, setOpen] = useState(false);
  if (view.details.length === 0) {
    return (
      <span class={`chip chip-${view.tone}`} data-sync-status={info.status}>
        {view.label === view.ariaLabel ? (
          view.label
        ) : (
          <>
            <span aria-hidden="true">{view.label}</span>
            <span class="visually-hidden">{view.ariaLabel}</span>
          </>
        )}
      </span>
    );
  }
  return (
    <span class="chip-wrap">
      <button
        type="button"
        class={`chip chip-${view.tone} chip-button`}
        aria-expanded={open}
        aria-label={`${view.ariaLabel}: details for ${subject}`}
        data-sync-status={info.status}
        onClick={() => setOpen(!open)}
      >
        {view.label}
      </button>
      {open && (
        <div class="chip-details" role="group" aria-label={`Sync details for ${subject}`}>
          <dl>
            {view.details.map((d) => (
              <div key={d.term}>
                <dt>{d.term}</dt>
                <dd>{d.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </span>
  );
}
