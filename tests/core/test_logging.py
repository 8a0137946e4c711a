"""Logs never contain a secret, whoever writes them and however they are shaped."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from core.crypto import SecretBox
from core.logging import REDACTED, Redactor, configure_logging, get_logger
from core.settings import Settings, load_settings
from core.sync.session import ProviderEnv
from core.sync.tokens import CredentialStore
from integrations.quickbooks_online.kit import QuickBooksOnlineKit
from integrations.xero.kit import XeroKit

JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTEiLCJmaXJtX2lkIjoiZmlybS1hIn0"
    ".c2lnbmF0dXJlLXNpZ25hdHVyZQ"
)
CLIENT_SECRET = "qbo-client-secret-XYZ123"
KEYS = [Fernet.generate_key()]
SECRETS = [
    JWT,
    CLIENT_SECRET,
    "opaque-bearer-abc987",
    "oauth-code-555",
    "csrf-state-777",
    "refresh-tok-888",
    "hunter2-password",
    "AB12-api-key-value",
    "webhook-signing-key-0099",
]


@pytest.fixture
def log_stream(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """Configure JSON logging into a buffer, with a client secret and a webhook key in the
    providers' settings (read by their kits, which register them with the redactor)."""
    stream = io.StringIO()
    configured = load_settings(
        DATABASE_URL=settings.database_url,
        dev_mode=True,
        state_dir=settings.state_dir,
        log_json=True,
    )
    monkeypatch.setenv("LEDGERSYNC_QBO_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("LEDGERSYNC_XERO_WEBHOOK_KEY", "webhook-signing-key-0099")
    env = ProviderEnv(settings=configured, credentials=CredentialStore(SecretBox(KEYS)))
    QuickBooksOnlineKit().settings(env)
    XeroKit().settings(env)
    root = logging.getLogger()
    before = list(root.handlers), root.level
    configure_logging(configured, stream)
    yield stream
    for handler in list(root.handlers):
        if handler.get_name() == "ledgersync":
            root.removeHandler(handler)
    root.setLevel(before[1])


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_logs_structured_secret_fields_redacted(log_stream: io.StringIO) -> None:
    log = get_logger("ledgersync.test")

    log.info(
        "token exchange",
        authorization=f"Bearer {JWT}",
        client_secret=CLIENT_SECRET,
        refresh_token="refresh-tok-888",
        password=SecretStr("hunter2-password"),
        headers={"Authorization": "Bearer opaque-bearer-abc987", "Accept": "application/json"},
        realm="9130",
    )

    output = log_stream.getvalue()
    for secret in SECRETS:
        assert secret not in output
    line = _lines(log_stream)[-1]
    assert line["client_secret"] == REDACTED
    assert line["realm"] == "9130"
    assert line["headers"] == {"Authorization": REDACTED, "Accept": "application/json"}


def test_logs_library_messages_with_secrets_in_text_redacted(log_stream: io.StringIO) -> None:
    stdlib = logging.getLogger("httpx")

    stdlib.warning(
        "GET https://billing.example/callback?code=oauth-code-555&state=csrf-state-777&x=1 "
        "Authorization: Bearer opaque-bearer-abc987 id=%s",
        JWT,
    )
    stdlib.warning('body {"refresh_token": "refresh-tok-888", "api_key": "AB12-api-key-value"}')
    stdlib.warning("settings client_secret=%s token=%s", CLIENT_SECRET, "refresh-tok-888")

    output = log_stream.getvalue()
    for secret in SECRETS:
        assert secret not in output
    assert "x=1" in output
    assert len(_lines(log_stream)) == 3


def test_logs_exception_text_holding_a_secret_redacted(log_stream: io.StringIO) -> None:
    log = get_logger("ledgersync.test")

    try:
        raise RuntimeError(f"provider refused client_secret={CLIENT_SECRET} with {JWT}")
    except RuntimeError:
        log.exception("refresh failed")

    output = log_stream.getvalue()
    assert "RuntimeError" in output
    for secret in SECRETS:
        assert secret not in output


def test_redactor_ordinary_text_left_alone() -> None:
    redactor = Redactor()

    text = "pushed invoice INV-1001 for Acme (state PENDING), page=2"

    assert redactor.scrub(text) == text
