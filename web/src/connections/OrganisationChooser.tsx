import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useMutation } from "@urql/preact";
import type { ConnectionFieldsFragment } from "../gql/graphql";
import { SELECT_COMPANY } from "../operations";
import { requestError, userError, type ShownError } from "../state/errors";
import { ErrorAlert } from "../components/Alert";
import type { Platform } from "./platforms";

/** The consent granted several organisations: pick the one this firm syncs with. */
export function OrganisationChooser({
  connection,
  platform,
  onChosen,
}: {
  connection: ConnectionFieldsFragment;
  platform: Platform;
  onChosen: () => void;
}): JSX.Element {
  const [chosen, setChosen] = useState<string>(connection.availableCompanies[0]?.id ?? "");
  const [error, setError] = useState<ShownError | null>(null);
  const [state, select] = useMutation(SELECT_COMPANY);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const result = await select({ connectionId: connection.id, companyId: chosen });
    const failure = requestError(result.error) ?? userError(result.data?.selectCompany);
    if (failure) setError(failure);
    else onChosen();
  };
  return (
    <form class="chooser" onSubmit={submit}>
      <fieldset>
        <legend>Choose the {platform.companyWord} to sync with</legend>
        {connection.availableCompanies.map((company) => (
          <label key={company.id} class="radio">
            <input
              type="radio"
              name={`company-${connection.id}`}
              value={company.id}
              checked={chosen === company.id}
              onChange={() => setChosen(company.id)}
            />
            {companyLabel(company, connection.availableCompanies)}
          </label>
        ))}
      </fieldset>
      <button type="submit" class="button button-primary" disabled={!chosen || state.fetching}>
        Use this {platform.companyWord}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}

type Company = ConnectionFieldsFragment["availableCompanies"][number];

/** The company's name; its id too when another granted company has the same name. */
export function companyLabel(company: Company, all: Company[]): string {
  if (!company.name) return company.id;
  const twins = all.filter((c) => c.name === company.name).length;
  return twins > 1 ? `${company.name} (${company.id})` : company.name;
}
