"""The ``ledgersync`` command: serve, worker, migrate, demo, tokens, the simulators, the schema.

A composition root like core.app: it may import the GraphQL layer and the workers, lazily.
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import httpx
from tortoise import Tortoise

from core.db import tortoise_config
from core.logging import configure_logging
from core.migrate import PROJECT_ROOT, apply_migrations, make_migration
from core.models.enums import Role
from core.settings import DEFAULT_STATE_DIR, Settings, SettingsError, load_settings

SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"
TRUE_VALUES = {"1", "true", "yes", "on"}
EXIT_CONFIG = 2
PUBLIC_URL_VARIABLE = "LEDGERSYNC_PUBLIC_URL"


def _migrate(settings: Settings) -> None:
    applied = asyncio.run(apply_migrations(settings))
    if applied:
        print(f"Applied migrations: {', '.join(applied)}")
    else:
        print("The database is up to date.")


# permessage-deflate is off: live progress frames are a few hundred bytes of JSON, and each
# socket's own zlib streams cost about 49 KB per connection and a third of the CPU of every send
# (a frame cannot be compressed once for every subscriber). bench/subscriptions.py measures it.
SERVE_OPTIONS: dict[str, object] = {"proxy_headers": True, "ws_per_message_deflate": False}


def _serve(settings: Settings, host: str, port: int, reload: bool) -> None:
    import uvicorn

    # Our request log line replaces uvicorn's access log, which would print query secrets.
    options: dict[str, object] = {"log_config": None, "access_log": False, **SERVE_OPTIONS}
    if reload:
        uvicorn.run(
            "core.app:create_app_from_environment",
            factory=True,
            host=host,
            port=port,
            reload=True,
            **options,  # type: ignore[arg-type]
        )
        return
    from core.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, **options)  # type: ignore[arg-type]


def local_url(host: str, port: int) -> str:
    """The URL a browser on this machine reaches a server listening on ``host:port`` at."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - naming the wildcard, not binding to it
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _default_public_url(host: str, port: int) -> None:
    """Unless LEDGERSYNC_PUBLIC_URL is set, Ledgersync is reached where it listens (OAuth
    redirects, the mounted simulators and their webhooks all follow it)."""
    if not os.environ.get(PUBLIC_URL_VARIABLE, "").strip():
        os.environ[PUBLIC_URL_VARIABLE] = local_url(host, port)


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the API (migrating first unless --no-migrate)."""
    _default_public_url(args.host, args.port)
    settings = load_settings()
    configure_logging(settings)
    if not args.no_migrate:
        _migrate(settings)
    _serve(settings, args.host, args.port, args.reload)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the job worker in this process (needs REDIS_URL shared with the API)."""
    settings = load_settings()
    configure_logging(settings)
    if args.metrics_port:
        from prometheus_client import start_http_server

        from core.metrics import METRICS

        start_http_server(args.metrics_port, registry=METRICS.registry)
    from workers.settings import run_worker

    run_worker(settings)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply every migration the database has not seen."""
    settings = load_settings()
    configure_logging(settings)
    _migrate(settings)
    return 0


def cmd_makemigrations(args: argparse.Namespace) -> int:
    """Write a migration for model changes, for the current database's dialect."""
    settings = load_settings()
    configure_logging(settings)
    asyncio.run(apply_migrations(settings))
    created = asyncio.run(make_migration(settings, args.name))
    if not created:
        print("No model changes: no migration written.")
        return 0
    dialect = "SQLite" if settings.is_sqlite else "PostgreSQL"
    other = "PostgreSQL (DATABASE_URL=postgres://…)" if settings.is_sqlite else "SQLite"
    print(f"Wrote {dialect} migration {created}.")
    print(f"Generate the same migration for {other}: ledgersync makemigrations {args.name}")
    return 0


def _demo_environment(state_dir: Path, base: str) -> None:
    """Point every setting the demo needs at the local state folder (SQLite, embedded queue)."""
    from core.settings import ensure_dev_keys

    state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    encryption_key_file, _ = ensure_dev_keys(state_dir)
    os.environ["LEDGERSYNC_DEV_MODE"] = "true"
    os.environ["LEDGERSYNC_STATE_DIR"] = str(state_dir)
    os.environ["LEDGERSYNC_ENCRYPTION_KEY_FILE"] = str(encryption_key_file)
    os.environ["DATABASE_URL"] = f"sqlite://{state_dir / 'ledgersync.sqlite3'}"
    os.environ.pop("REDIS_URL", None)
    # The OAuth round trip comes back to the settings app served by the demo itself.
    os.environ.setdefault("LEDGERSYNC_APP_URL", f"{base}/app/connections")


async def _seed(settings: Settings) -> str:
    from core.demo import seed_demo

    await Tortoise.init(config=tortoise_config(settings))
    try:
        result = await seed_demo()
    finally:
        await Tortoise.close_connections()
    verb = "Seeded" if result.created else "Kept the existing"
    return (
        f"{verb} demo firm: {result.customers} customers, {result.items} items, "
        f"{result.invoices} invoices, {result.payments} payments."
    )


def cmd_demo(args: argparse.Namespace) -> int:
    """Create local keys, migrate and seed the SQLite demo database, then serve it."""
    from core.auth import mint_dev_token
    from core.demo import (
        DEMO_EMAIL,
        DEMO_FIRM,
        DEMO_NAME,
        DEMO_STAFF_EMAIL,
        DEMO_STAFF_NAME,
        DEMO_STAFF_USER,
        DEMO_USER,
    )

    base = local_url(args.host, args.port)
    _default_public_url(args.host, args.port)
    _demo_environment(Path(args.state_dir), base)
    settings = load_settings()
    configure_logging(settings)
    _migrate(settings)
    print(asyncio.run(_seed(settings)))
    token = mint_dev_token(
        settings,
        firm=DEMO_FIRM,
        role=Role.FIRM_ADMIN,
        user=DEMO_USER,
        email=DEMO_EMAIL,
        name=DEMO_NAME,
    )
    staff_token = mint_dev_token(
        settings,
        firm=DEMO_FIRM,
        role=Role.STAFF,
        user=DEMO_STAFF_USER,
        email=DEMO_STAFF_EMAIL,
        name=DEMO_STAFF_NAME,
    )
    print(_demo_banner(base, token, staff_token))
    if args.no_serve:
        return 0
    _serve(settings, args.host, args.port, reload=False)
    return 0


def _demo_banner(base: str, token: str, staff_token: str) -> str:
    query = '{"query":"{ viewer { user { name } firm { name } role } }"}'
    # The token rides in the URL fragment: browsers never send a fragment to the server, so it
    # is in no request line or access log; the app moves it to session storage.
    return "\n".join(
        [
            "",
            "Settings app, signed in as the demo administrator:",
            f"  {base}/app/#token={token}",
            "Settings app, signed in as a STAFF member (no connect or settings controls):",
            f"  {base}/app/#token={staff_token}",
            "",
            f"GraphiQL:  {base}/graphql",
            f"Token (FIRM_ADMIN of demo-firm, valid 12 hours):\n{token}",
            "",
            "Try it:",
            f"  curl -s {base}/graphql -H 'Authorization: Bearer {token}' \\",
            f"    -H 'Content-Type: application/json' -d '{query}'",
            "",
            "More tokens: LEDGERSYNC_DEV_MODE=true .venv/bin/ledgersync token "
            "--firm demo-firm --role STAFF",
            "",
            "QuickBooks Desktop: run the startConnection(provider: QUICKBOOKS_DESKTOP) mutation,",
            "then act as its Web Connector with the userName and password it returns:",
            f"  .venv/bin/ledgersync simulator --url {base} quickbooks-desktop session "
            "--user-name=USER --password=PASSWORD",
            "",
        ]
    )


def cmd_token(args: argparse.Namespace) -> int:
    """Print a development bearer token (development mode only)."""
    from core.auth import mint_dev_token

    if os.environ.get("LEDGERSYNC_DEV_MODE", "").strip().lower() not in TRUE_VALUES:
        print(
            "ledgersync token: development tokens need LEDGERSYNC_DEV_MODE=true; in production "
            "your billing application signs the tokens",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    settings = load_settings()
    token = mint_dev_token(
        settings,
        firm=args.firm,
        role=Role(args.role),
        user=args.user,
        email=args.email,
        name=args.name,
        ttl_seconds=args.ttl,
    )
    print(token)
    return 0


def _simulator_transport() -> httpx.AsyncBaseTransport | None:
    """How ``simulator`` commands reach the app: the network (tests reach an app in-process)."""
    return None


async def _run_simulator_command(args: argparse.Namespace) -> list[str]:
    from integrations.registry import kit_by_slug
    from integrations.simulators import ControlledKit, run_command

    kit = kit_by_slug(args.provider)
    assert isinstance(kit, ControlledKit)  # the parser offers only such kits
    url = args.url or os.environ.get(PUBLIC_URL_VARIABLE) or local_url("127.0.0.1", 8000)
    async with httpx.AsyncClient(transport=_simulator_transport(), timeout=30) as http:
        control = kit.simulator_control(http, url)
        return await run_command(control, args.action, vars(args))


def cmd_simulator(args: argparse.Namespace) -> int:
    """Act as the accounting platform in the demo: pay or void an invoice, close the books."""
    from integrations.simulators import SimulatorCommandError

    try:
        lines = asyncio.run(_run_simulator_command(args))
    except SimulatorCommandError as exc:
        print(f"ledgersync simulator: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def cmd_export_schema(args: argparse.Namespace) -> int:
    """Write the GraphQL schema file, or with --check report (exit 1) when it is stale."""
    from graph.schema import schema

    path = Path(args.path)
    current = schema.as_str().rstrip("\n") + "\n"
    if not args.check:
        path.write_text(current)
        print(f"Wrote {path}")
        return 0
    recorded = path.read_text() if path.exists() else ""
    if recorded == current:
        print(f"{path} is up to date.")
        return 0
    diff = difflib.unified_diff(
        recorded.splitlines(keepends=True),
        current.splitlines(keepends=True),
        fromfile=f"{path} (checked in)",
        tofile=f"{path} (from the code)",
    )
    sys.stdout.writelines(diff)
    print(f"\n{path} is stale: run `make schema` (ledgersync export-schema) and commit it.")
    return 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog="ledgersync", description="Sync a billing application with accounting platforms."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=(handler.__doc__ or "").strip().rstrip("."))
        command.set_defaults(handler=handler)
        return command

    serve = add("serve", cmd_serve)
    _add_listen(serve)
    serve.add_argument("--reload", action="store_true", help="Restart on code changes.")
    serve.add_argument("--no-migrate", action="store_true", help="Do not migrate first.")
    worker = add("worker", cmd_worker)
    worker.add_argument("--metrics-port", type=int, help="Serve /metrics on this port.")
    add("migrate", cmd_migrate)
    makemigrations = add("makemigrations", cmd_makemigrations)
    makemigrations.add_argument("name", help="A short name, e.g. add_invoice_terms.")
    demo = add("demo", cmd_demo)
    _add_listen(demo)
    demo.add_argument("--state-dir", default=str(DEFAULT_STATE_DIR), help="Local state folder.")
    demo.add_argument("--no-serve", action="store_true", help="Prepare and seed, do not serve.")
    token = add("token", cmd_token)
    token.add_argument("--firm", required=True, help="The firm_id claim.")
    token.add_argument("--role", required=True, choices=[r.value for r in Role])
    token.add_argument("--user", default="dev-user", help="The sub claim (user id).")
    token.add_argument("--email", help="The email claim.")
    token.add_argument("--name", help="The name claim.")
    token.add_argument("--ttl", type=int, default=12 * 3600, help="Lifetime in seconds.")
    _add_simulator(add("simulator", cmd_simulator))
    export = add("export-schema", cmd_export_schema)
    export.add_argument("--check", action="store_true", help="Exit 1 with a diff when stale.")
    export.add_argument("--path", default=str(SCHEMA_FILE), help="The schema file.")
    return parser


COMPANY_HELP = (
    "The company (realm, tenant or company file id); needed only when several would match."
)


def _add_simulator(command: argparse.ArgumentParser) -> None:
    from integrations.registry import REGISTRY
    from integrations.simulators import ControlledKit

    slugs = sorted(kit.slug for kit in REGISTRY.values() if isinstance(kit, ControlledKit))
    command.add_argument(
        "--url", help="The running app (default: LEDGERSYNC_PUBLIC_URL, else port 8000)."
    )
    command.add_argument("provider", choices=slugs, help="Which simulator.")
    actions = command.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("companies", help="List the companies and the firm each belongs to")
    listed = actions.add_parser("invoices", help="List the invoices")
    listed.add_argument("--company", help=COMPANY_HELP)
    pay = actions.add_parser("pay", help="Receive a payment for an invoice")
    pay.add_argument("invoice", help="The invoice number (or the platform's id).")
    pay.add_argument("--amount", type=Decimal, help="Default: the open balance.")
    pay.add_argument("--date", help="YYYY-MM-DD; default: today.")
    pay.add_argument("--company", help=COMPANY_HELP)
    void = actions.add_parser("void", help="Void an invoice")
    void.add_argument("invoice", help="The invoice number (or the platform's id).")
    void.add_argument("--company", help=COMPANY_HELP)
    close = actions.add_parser("close-books", help="Close the books up to a date")
    close.add_argument("date", help="YYYY-MM-DD, or `none` to reopen them.")
    close.add_argument("--company", help=COMPANY_HELP)
    rename = actions.add_parser("rename-customer", help="Rename a customer")
    rename.add_argument("customer", help="The customer's current name (or the platform's id).")
    rename.add_argument("new_name", help="The new name.")
    rename.add_argument("--company", help=COMPANY_HELP)
    session = actions.add_parser(
        "session",
        help="QuickBooks Desktop: run one Web Connector session (Update Selected) against the app",
    )
    session.add_argument(
        "--user-name", required=True, help="The userName startConnection returned."
    )
    session.add_argument(
        "--password",
        required=True,
        help="The password startConnection returned (write --password=P: it may start with -).",
    )
    session.add_argument(
        "--file-id",
        help="The .qwc's FileID: the company file then holds it and Ledgersync checks it.",
    )
    session.add_argument(
        "--company-name", help="The name of the company file set up on the first session."
    )
    customers = actions.add_parser(
        "add-customers", help="QuickBooks Desktop: enter customers in the company file"
    )
    customers.add_argument("names", nargs="*", help="Their names (default: sample customers).")
    customers.add_argument("--count", type=int, help="How many sample customers (default 5).")
    customers.add_argument("--company", help=COMPANY_HELP)


def _add_listen(command: argparse.ArgumentParser) -> None:
    command.add_argument("--host", default="127.0.0.1", help="Interface to listen on.")
    command.add_argument("--port", type=int, default=8000, help="Port to listen on.")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ledgersync`` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except SettingsError as exc:
        print(f"ledgersync: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
