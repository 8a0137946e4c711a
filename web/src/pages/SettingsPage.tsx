import type { JSX, ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useClient, useMutation, useQuery } from "@urql/preact";
import type { AutoSync, SettingsPageQuery } from "../gql/graphql";
import { SETTINGS_PAGE, UPDATE_SETTINGS } from "../operations";
import { errorsByField, requestError, userError, type ShownError } from "../state/errors";
import { ErrorAlert, FieldError, Notice } from "../components/Alert";
import { platformOf } from "../connections/platforms";
import {
  SETTINGS_FIELDS,
  formFromSettings,
  inputFromForm,
  unmatchedMethods,
  type SettingsForm,
} from "../settings/form";
import { booksView } from "../settings/books";
import { Link } from "../router";
import { useSession } from "../session";

type Books = NonNullable<NonNullable<SettingsPageQuery["connection"]>["books"]>;
type Errors = Record<string, ShownError>;

/** How often the page reads the lists again while they wait for the platform's connector. */
export const BOOKS_WATCH_INTERVAL_MS = 3000;

export function SettingsPage({ connectionId }: { connectionId: string }): JSX.Element {
  const { isAdmin } = useSession();
  const client = useClient();
  const [refreshing, setRefreshing] = useState(false);
  const [result, refetch] = useQuery({ query: SETTINGS_PAGE, variables: { id: connectionId } });
  const connection = result.data?.connection;
  const platformName = connection ? platformOf(connection.provider).name : "";
  const watch = booksView(connection?.books, platformName).watch;
  useEffect(() => {
    // No subscription says when the connector brought the lists: read again while they wait.
    if (!watch) return undefined;
    const timer = window.setInterval(() => refetch({ requestPolicy: "network-only" }), BOOKS_WATCH_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [watch]);
  const refreshBooks = async () => {
    // Asked once; the page's own query then reads the lists (WAITING while the connector has
    // not answered) and keeps reading until they are read.
    setRefreshing(true);
    await client.query(SETTINGS_PAGE, { id: connectionId, refresh: true }, { requestPolicy: "network-only" }).toPromise();
    refetch({ requestPolicy: "network-only" });
    setRefreshing(false);
  };
  if (!isAdmin) {
    return (
      <>
        <h1>Settings</h1>
        <Notice tone="info">Only an administrator of your firm can change the sync settings.</Notice>
      </>
    );
  }
  if (result.fetching && !connection) return <p role="status">Loading settings…</p>;
  if (!connection) {
    return (
      <>
        <h1>Settings</h1>
        <ErrorAlert error={requestError(result.error) ?? { code: "NOT_FOUND", message: "This connection does not exist.", field: null }} />
      </>
    );
  }
  return <SettingsEditor connection={connection} onRefreshBooks={() => void refreshBooks()} refreshing={refreshing} />;
}

function SettingsEditor({ connection, onRefreshBooks, refreshing }: {
  connection: NonNullable<SettingsPageQuery["connection"]>;
  onRefreshBooks: () => void;
  refreshing: boolean;
}): JSX.Element {
  const platform = platformOf(connection.provider);
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(connection.settings));
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);
  const [state, update] = useMutation(UPDATE_SETTINGS);
  useEffect(() => setForm(formFromSettings(connection.settings)), [connection.id]);
  const books = connection.books;
  const view = booksView(books, platform.name);
  const set = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setSaved(false);
    setForm({ ...form, [key]: value });
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const response = await update({ connectionId: connection.id, input: inputFromForm(form) });
    const failure = requestError(response.error) ?? userError(response.data?.updateConnectionSettings);
    if (failure) {
      setErrors(errorsByField([failure], SETTINGS_FIELDS));
      return;
    }
    setErrors({});
    setSaved(true);
  };
  const props = { form, set, errors };
  return (
    <>
      <p class="breadcrumb">
        <Link to="/connections">Connections</Link> › Settings
      </p>
      <h1>
        {platform.name} settings{connection.remoteCompanyName ? ` for ${connection.remoteCompanyName}` : ""}
      </h1>
      {view.notice && (
        <div data-books-status={books?.status ?? ""}>
          <Notice tone={view.notice.tone}>{view.notice.text}</Notice>
        </div>
      )}
      <form class="settings" onSubmit={submit} noValidate>
        <ErrorAlert error={errors[""] ?? null} />
        <fieldset>
          <legend>What syncs</legend>
          <Toggle {...props} name="syncEnabled" label="Sync with the books">
            The master switch: off pauses every sync, including automatic ones.
          </Toggle>
          <Toggle {...props} name="syncInvoices" label="Invoices and estimates">
            Issued invoices and estimates are sent to {platform.name}.
          </Toggle>
          <Toggle {...props} name="syncPayments" label="Payments">
            Payments recorded in {platform.name} come back here and mark invoices paid; payments
            recorded here are sent there.
          </Toggle>
          <Toggle {...props} name="syncCustomers" label="Customers">
            Customers are sent to {platform.name} and can be imported from it.
          </Toggle>
          <Toggle {...props} name="lockAfterSync" label="Lock invoices once synced">
            A synced invoice can then only be changed in {platform.name}. Turn off to keep editing
            unpaid invoices here and send the changes with “Update in the books”.
          </Toggle>
        </fieldset>
        <fieldset>
          <legend>When</legend>
          <Field {...props} name="autoSync" label="Automatic sync" help="Off: only when someone presses Sync. Hourly: every hour. On change: shortly after a record changes here.">
            {(id, described) => (
              <select id={id} aria-describedby={described} value={form.autoSync} onChange={(e) => set("autoSync", e.currentTarget.value as AutoSync)}>
                <option value="OFF">Off</option>
                <option value="HOURLY">Hourly</option>
                <option value="ON_CHANGE">On change</option>
              </select>
            )}
          </Field>
          <Field {...props} name="syncStartDate" label="Sync start date" help="Records dated before this day are never synced. Leave empty to sync everything.">
            {(id, described, invalid) => (
              <input id={id} type="date" aria-describedby={described} aria-invalid={invalid} value={form.syncStartDate} onInput={(e) => set("syncStartDate", e.currentTarget.value)} />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Accounts and items in {platform.name}</legend>
          {books && books.status !== "WAITING" && (
            <p class="help books-read">
              {view.readLabel ?? "The lists have not been read."}{" "}
              <button type="button" class="link-button" onClick={onRefreshBooks} disabled={refreshing}>
                Read the lists again
              </button>
            </p>
          )}
          <Choice {...props} books={books} name="incomeAccountId" label="Income account" kind="accounts" groups={["INCOME"]}
            help={`New items are created on this account. Not set: ${platform.name}'s first income account.`} />
          <Choice {...props} books={books} name="depositAccountId" label="Deposit account" kind="accounts" groups={["BANK", "OTHER_ASSET"]}
            help={`Payments sent from here are deposited to this account. Not set: ${platform.defaultDeposit}.`} />
          <Choice {...props} books={books} name="refundAccountId" label="Refund account" kind="accounts" groups={["BANK", "OTHER_ASSET"]}
            help="Refunds are paid from this account." />
          <Choice {...props} books={books} name="defaultItemId" label="Item for lines without one" kind="items" groups={[]}
            help="Invoice lines with no item are booked to this item." />
          <Choice {...props} books={books} name="badDebtItemId" label="Bad-debt item or account" kind="both" groups={["EXPENSE"]}
            help="An invoice written off is credited to this item (or, in Xero, an expense account). Not set: an unpaid invoice written off is voided, and a partly paid one stays open there." />
          <Field {...props} name="defaultTaxCode" label="Tax code" help={`The ${platform.name} tax code applied to sent lines. Leave empty for none.`}>
            {(id, described, invalid) => (
              <input id={id} type="text" aria-describedby={described} aria-invalid={invalid} value={form.defaultTaxCode} onInput={(e) => set("defaultTaxCode", e.currentTarget.value)} />
            )}
          </Field>
        </fieldset>
        <PaymentMethods form={form} set={set} errors={errors} books={books} reported={connection.unmatchedPaymentMethods} platformName={platform.name} />
        <div class="actions">
          <button type="submit" class="button button-primary" disabled={state.fetching}>
            Save settings
          </button>
          {saved && <span role="status" class="saved">Saved.</span>}
        </div>
      </form>
    </>
  );
}

interface FieldProps {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  errors: Errors;
}

function Field({ name, label, help, errors, children }: FieldProps & {
  name: keyof SettingsForm;
  label: string;
  help: string;
  children: (id: string, describedBy: string, invalid: boolean) => ComponentChildren;
}): JSX.Element {
  const id = `setting-${name}`;
  const error = errors[name];
  const described = `${id}-help${error ? ` ${id}-error` : ""}`;
  return (
    <div class={`field${error ? " field-invalid" : ""}`} data-field={name}>
      <label for={id}>{label}</label>
      {children(id, described, Boolean(error))}
      <p class="help" id={`${id}-help`}>{help}</p>
      <FieldError error={error} id={`${id}-error`} />
    </div>
  );
}

function Toggle({ name, label, form, set, errors, children }: FieldProps & {
  name: "syncEnabled" | "syncInvoices" | "syncPayments" | "syncCustomers" | "lockAfterSync";
  label: string;
  children: ComponentChildren;
}): JSX.Element {
  const id = `setting-${name}`;
  return (
    <div class="field field-toggle" data-field={name}>
      <input id={id} type="checkbox" checked={form[name]} aria-describedby={`${id}-help`} onChange={(e) => set(name, e.currentTarget.checked)} />
      <label for={id}>{label}</label>
      <p class="help" id={`${id}-help`}>{children}</p>
      <FieldError error={errors[name]} id={`${id}-error`} />
    </div>
  );
}

function Choice(props: FieldProps & {
  books: Books | null | undefined;
  name: "incomeAccountId" | "depositAccountId" | "refundAccountId" | "defaultItemId" | "badDebtItemId";
  label: string;
  help: string;
  kind: "accounts" | "items" | "both";
  groups: string[];
}): JSX.Element {
  const { books, name, kind, groups, form, set } = props;
  const listed = Boolean(books?.readAt);
  const accounts = books && listed && kind !== "items" ? books.accounts.filter((a) => groups.includes(a.group)) : [];
  const items = books && listed && kind !== "accounts" ? books.items : [];
  const value = form[name];
  const known = accounts.some((a) => a.id === value) || items.some((i) => i.id === value);
  return (
    <Field {...props}>
      {(id, described, invalid) =>
        listed ? (
          <select id={id} aria-describedby={described} aria-invalid={invalid} value={value} onChange={(e) => set(name, e.currentTarget.value)}>
            <option value="">Not set</option>
            {value && !known && <option value={value}>{value} (not found in the books)</option>}
            {accounts.length > 0 && (
              <optgroup label="Accounts">
                {accounts.map((a) => (
                  <option key={a.id} value={a.id}>{`${a.name} (${a.id})`}</option>
                ))}
              </optgroup>
            )}
            {items.length > 0 && (
              <optgroup label="Items">
                {items.map((i) => (
                  <option key={i.id} value={i.id}>{i.name}</option>
                ))}
              </optgroup>
            )}
          </select>
        ) : (
          <input id={id} type="text" aria-describedby={described} aria-invalid={invalid} value={value} onInput={(e) => set(name, e.currentTarget.value)} />
        )
      }
    </Field>
  );
}

function PaymentMethods({ form, set, errors, books, reported, platformName }: FieldProps & {
  books: Books | null | undefined;
  reported: string[];
  platformName: string;
}): JSX.Element {
  const [draft, setDraft] = useState("");
  const bookNames = books?.readAt ? books.paymentMethods.map((m) => m.name) : null;
  const unmatched = unmatchedMethods(form.paymentMethods, bookNames, reported);
  const has = (name: string) => form.paymentMethods.some((m) => m.toLowerCase() === name.toLowerCase());
  const toggle = (name: string, on: boolean) =>
    set("paymentMethods", on ? [...form.paymentMethods, name] : form.paymentMethods.filter((m) => m.toLowerCase() !== name.toLowerCase()));
  const add = () => {
    const name = draft.trim();
    if (name && !has(name)) set("paymentMethods", [...form.paymentMethods, name]);
    setDraft("");
  };
  const error = errors.paymentMethods;
  const extra = form.paymentMethods.filter((m) => !(bookNames ?? []).some((b) => b.toLowerCase() === m.toLowerCase()));
  return (
    <fieldset data-field="paymentMethods" aria-describedby="methods-help">
      <legend>Payment methods</legend>
      <p class="help" id="methods-help">
        Only payments made with these methods sync. None chosen: every payment syncs. A name with
        no match in {platformName} is flagged: its payments are not synced until you add the
        method there or remove it here.
      </p>
      {(bookNames ?? []).map((name) => (
        <label key={name} class="checkbox">
          <input type="checkbox" checked={has(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />
          {name}
        </label>
      ))}
      {extra.length > 0 && (
        <ul class="method-list" aria-label="Other configured methods">
          {extra.map((name) => (
            <li key={name} data-unmatched={unmatched.has(name) ? "true" : "false"}>
              <span>{name}</span>
              {unmatched.has(name) && <span class="chip chip-warn">No match in {platformName}</span>}
              <button type="button" class="link-button" onClick={() => toggle(name, false)} aria-label={`Remove ${name}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="inline">
        <label for="method-new">Add a method by name</label>
        <input id="method-new" type="text" value={draft} onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => { if (e.key === "Enter") { e.preventDefault(); add(); } }} />
        <button type="button" class="button" onClick={add}>Add</button>
      </div>
      <FieldError error={error} id="setting-paymentMethods-error" />
    </fieldset>
  );
}
