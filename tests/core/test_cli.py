"""The ledgersync command: configuration errors, tokens, the demo, migrations, the schema file."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from cryptography.fernet import Fernet
from tortoise import Tortoise

from core import cli
from core.auth import TokenVerifier
from core.crypto import SecretBox
from core.db import tortoise_config
from core.demo import DEMO_FIRM, seed_demo
from core.models import Customer, Firm, Invoice, Payment
from core.models.enums import InvoiceStatus, Provider, Role
from core.settings import Settings, load_settings
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore
from integrations.registry import kit_for

ENV_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "LEDGERSYNC_DEV_MODE",
    "LEDGERSYNC_STATE_DIR",
    "LEDGERSYNC_ENCRYPTION_KEY_FILE",
    "LEDGERSYNC_ENCRYPTION_KEYS",
    "LEDGERSYNC_JWT_SECRET",
    "LEDGERSYNC_PUBLIC_URL",
)


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """No Ledgersync variables and a temp working folder; restores os.environ afterwards.

    `ledgersync demo` sets variables in os.environ itself, which monkeypatch does not track.
    """
    saved = dict(os.environ)
    for name in ENV_VARS:
        os.environ.pop(name, None)
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    # Undo the test's own monkeypatching first: undone after this restore, a variable the test
    # set would be deleted again (it was absent when set), e.g. DATABASE_URL for the whole
    # rest of the session.
    monkeypatch.undo()
    os.environ.clear()
    os.environ.update(saved)


def test_cli_malformed_setting_exits_2_naming_the_variable(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://db/ledger")
    monkeypatch.setenv("LEDGERSYNC_DEV_MODE", "true")

    code = cli.main(["migrate"])

    err = capsys.readouterr().err
    assert code == 2
    assert "DATABASE_URL" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "variable",
    ["LEDGERSYNC_QBO_ENVIRONMENT", "LEDGERSYNC_XERO_ENVIRONMENT", "LEDGERSYNC_QBD_ENVIRONMENT"],
)
def test_cli_serve_malformed_provider_setting_exits_2_naming_the_variable(
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
) -> None:
    import uvicorn

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the server started with a malformed provider setting")

    monkeypatch.setattr(uvicorn, "run", never)
    monkeypatch.setenv("LEDGERSYNC_DEV_MODE", "true")
    monkeypatch.setenv("LEDGERSYNC_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    monkeypatch.setenv(variable, "nowhere")

    code = cli.main(["serve", "--no-migrate"])

    err = capsys.readouterr().err
    assert code == 2
    assert variable in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_cli_no_token_verification_configured_exits_2_naming_the_variables(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["migrate"])

    err = capsys.readouterr().err
    assert code == 2
    assert "LEDGERSYNC_JWT_SECRET" in err


def test_cli_token_without_dev_mode_refused(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEDGERSYNC_JWT_SECRET", "a-production-secret-value")

    code = cli.main(["token", "--firm", "f1", "--role", "STAFF"])

    captured = capsys.readouterr()
    assert code == 2
    assert "LEDGERSYNC_DEV_MODE=true" in captured.err
    assert captured.out == ""


def test_cli_token_in_dev_mode_prints_a_token_the_server_accepts(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEDGERSYNC_DEV_MODE", "true")

    code = cli.main(["token", "--firm", "f1", "--role", "STAFF", "--user", "u9", "--ttl", "60"])

    token = capsys.readouterr().out.strip()
    assert code == 0
    claims = TokenVerifier(load_settings()).verify(token)
    assert (claims.subject, claims.firm, claims.role) == ("u9", "f1", Role.STAFF)
    payload = jwt.decode(token, options={"verify_signature": False})
    assert payload["exp"] - payload["iat"] == 60


REPO = Path(__file__).resolve().parents[2]


def _demo(*args: str) -> tuple[int, str]:
    """Run `ledgersync demo` in its own process (it sets process-wide ORM and environment state)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [sys.executable, "-m", "core.cli", "demo", "--no-serve", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_cli_demo_no_serve_creates_private_keys_migrates_and_seeds(clean_env: Path) -> None:
    code, out = _demo("--port", "8123")

    assert code == 0, out
    state = clean_env / ".ledgersync"
    for name in ("encryption.key", "dev-jwt.key"):
        mode = stat.S_IMODE((state / name).stat().st_mode)
        assert mode == 0o600, f"{name} is readable by others"
    assert "http://127.0.0.1:8123/graphql" in out
    assert "Authorization: Bearer ey" in out
    assert "Seeded demo firm: 3 customers, 3 items, 5 invoices, 2 payments." in out


def test_cli_demo_prints_app_urls_with_the_token_in_the_fragment(clean_env: Path) -> None:
    code, out = _demo("--port", "8124")

    urls = [word for word in out.split() if word.startswith("http://127.0.0.1:8124/app/")]
    assert code == 0, out
    assert len(urls) == 2, out
    roles = []
    for url in urls:
        before, _, fragment = url.partition("#")
        assert before == "http://127.0.0.1:8124/app/"
        assert "?" not in before
        token = fragment.removeprefix("token=")
        roles.append(jwt.decode(token, options={"verify_signature": False})["role"])
    assert roles == ["FIRM_ADMIN", "STAFF"]


def test_cli_demo_banner_names_the_desktop_session_command_for_its_url(clean_env: Path) -> None:
    code, out = _demo("--port", "8125")

    assert code == 0, out
    [line] = [line for line in out.splitlines() if "quickbooks-desktop session" in line]
    command = line.split()
    assert command[:4] == [
        ".venv/bin/ledgersync",
        "simulator",
        "--url",
        "http://127.0.0.1:8125",
    ]
    cli.build_parser().parse_args(command[1:])  # the printed command parses as written


def test_cli_demo_run_twice_keeps_the_existing_data(clean_env: Path) -> None:
    first, _ = _demo()

    code, out = _demo()

    assert (first, code) == (0, 0), out
    assert "The database is up to date." in out
    assert "Kept the existing demo firm: 3 customers, 3 items, 5 invoices, 2 payments." in out


async def test_seed_demo_invoice_states_include_past_due_and_paid(settings: Settings) -> None:
    await Tortoise.init(config=tortoise_config(settings))
    try:
        await Tortoise.generate_schemas()
        first = await seed_demo()
        second = await seed_demo()
        firm = await Firm.get(external_id=DEMO_FIRM)
        statuses = set(await Invoice.filter(firm=firm).values_list("status", flat=True))
        overdue = await Invoice.get(firm=firm, status=InvoiceStatus.OVERDUE)
        counts = (await Customer.filter(firm=firm).count(), await Payment.all().count())
    finally:
        await Tortoise.close_connections()

    assert (first.created, second.created) == (True, False)
    assert {InvoiceStatus.DRAFT, InvoiceStatus.OVERDUE, InvoiceStatus.PAID} <= statuses
    assert overdue.due_date is not None
    assert overdue.due_date < overdue.issue_date.today()
    assert overdue.balance == overdue.total
    assert counts == (3, 2)


def test_cli_export_schema_check_stale_file_exits_1_with_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schema.graphql"
    path.write_text("type Query {\n  old: Int\n}\n")

    code = cli.main(["export-schema", "--check", "--path", str(path)])

    out = capsys.readouterr().out
    assert code == 1
    assert "-  old: Int" in out
    assert "is stale" in out


def test_cli_export_schema_written_then_check_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schema.graphql"

    assert cli.main(["export-schema", "--path", str(path)]) == 0
    code = cli.main(["export-schema", "--check", "--path", str(path)])

    assert code == 0
    assert "type Query" in path.read_text()
    assert "up to date" in capsys.readouterr().out


def test_cli_migrate_fresh_database_applies_then_reports_up_to_date(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not settings.is_sqlite:
        asyncio.run(_drop_public_schema(settings))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("LEDGERSYNC_DEV_MODE", "true")
    monkeypatch.setenv("LEDGERSYNC_STATE_DIR", str(settings.state_dir))

    first = cli.main(["migrate"])
    first_out = capsys.readouterr().out
    second = cli.main(["migrate"])

    assert (first, second) == (0, 0)
    assert "Applied migrations: 0_" in first_out
    assert "The database is up to date." in capsys.readouterr().out


async def _drop_public_schema(settings: Settings) -> None:
    await Tortoise.init(config=tortoise_config(settings))
    try:
        conn = Tortoise.get_connection("default")
        await conn.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await Tortoise.close_connections()


def test_cli_unknown_role_rejected_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["token", "--firm", "f1", "--role", "OWNER"])

    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize(("flags", "migrated"), [([], True), (["--no-migrate"], False)])
def test_cli_serve_migrates_first_unless_told_not_to(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, flags: list[str], migrated: bool
) -> None:
    calls: list[str] = []
    monkeypatch.setenv("LEDGERSYNC_DEV_MODE", "true")
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{clean_env / 'serve.sqlite3'}")
    monkeypatch.setattr(cli, "_migrate", lambda settings: calls.append("migrate"))
    monkeypatch.setattr(
        cli, "_serve", lambda settings, host, port, reload: calls.append(f"serve {host}:{port}")
    )

    code = cli.main(["serve", "--host", "127.0.0.2", "--port", "8181", *flags])

    assert code == 0
    expected = ["migrate"] if migrated else []
    assert calls == [*expected, "serve 127.0.0.2:8181"]


def _capture_serve(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    served: list[Settings] = []
    monkeypatch.setattr(cli, "_migrate", lambda settings: None)
    monkeypatch.setattr(cli, "_serve", lambda settings, host, port, reload: served.append(settings))
    return served


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8123"),
        ("0.0.0.0", "http://127.0.0.1:8123"),  # noqa: S104 - a host name, nothing is bound
        ("::1", "http://[::1]:8123"),
        ("localhost", "http://localhost:8123"),
    ],
)
def test_cli_demo_on_another_port_derives_the_public_url_from_host_and_port(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, host: str, url: str
) -> None:
    served = _capture_serve(monkeypatch)

    async def seeded(settings: Settings) -> str:
        return "Seeded."

    monkeypatch.setattr(cli, "_seed", seeded)

    code = cli.main(["demo", "--host", host, "--port", "8123"])

    assert code == 0
    [settings] = served
    assert settings.public_url == url
    env = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    assert (
        kit_for(Provider.QUICKBOOKS_ONLINE).redirect_uri(env) == f"{url}/oauth/quickbooks/callback"
    )
    assert kit_for(Provider.XERO).redirect_uri(env) == f"{url}/oauth/xero/callback"


def test_cli_serve_on_another_port_keeps_an_explicit_public_url(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = _capture_serve(monkeypatch)
    monkeypatch.setenv("LEDGERSYNC_DEV_MODE", "true")
    monkeypatch.setenv("LEDGERSYNC_PUBLIC_URL", "https://ledgersync.example")

    assert cli.main(["serve", "--port", "8181"]) == 0
    assert cli.main(["serve", "--port", "8182"]) == 0

    assert [s.public_url for s in served] == ["https://ledgersync.example"] * 2


def test_cli_serve_without_public_url_derives_it_from_host_and_port(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = _capture_serve(monkeypatch)
    monkeypatch.setenv("LEDGERSYNC_DEV_MODE", "true")

    assert cli.main(["serve", "--host", "127.0.0.2", "--port", "8181"]) == 0

    assert served[0].public_url == "http://127.0.0.2:8181"


@pytest.mark.parametrize("reload", [False, True])
def test_cli_serve_runs_uvicorn_without_permessage_deflate(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, reload: bool
) -> None:
    import uvicorn

    import core.app

    runs: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: runs.append(options))
    monkeypatch.setattr(core.app, "create_app", lambda settings: object())
    monkeypatch.setenv("LEDGERSYNC_DEV_MODE", "true")
    monkeypatch.setenv("DATABASE_URL", f"sqlite://{clean_env / 'serve.sqlite3'}")

    cli._serve(load_settings(), "127.0.0.1", 8182, reload)

    (options,) = runs
    assert options["ws_per_message_deflate"] is False
    assert options["proxy_headers"] is True
    assert options["access_log"] is False
