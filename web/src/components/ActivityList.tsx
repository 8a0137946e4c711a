import type { JSX } from "preact";
import type { ActivityFieldsFragment } from "../gql/graphql";
import { formatDateTime } from "../state/syncChip";

const SOURCES: Record<string, string> = {
  USER: "A person",
  SYSTEM: "Ledgersync",
  PROVIDER: "The accounting platform",
};

export function sourceLabel(source: string): string {
  return SOURCES[source] ?? source;
}

/** Who did what, when and from where: the audit trail as a table. */
export function ActivityTable({ entries, caption }: { entries: ActivityFieldsFragment[]; caption: string }): JSX.Element {
  if (entries.length === 0) return <p>No activity yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-action={entry.action}>
              <td>{formatDateTime(entry.createdAt)}</td>
              <td>{entry.actor ? entry.actor.name : sourceLabel(entry.source)}</td>
              <td>{entry.description}</td>
              <td>{entry.ipAddress ?? (entry.source === "USER" ? "—" : sourceLabel(entry.source))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
