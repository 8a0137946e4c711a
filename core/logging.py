"""Structured logs that never carry a secret.

Every log line, ours and the libraries' (uvicorn, tortoise, httpx, arq), goes through one
structlog formatter whose redaction step scrubs bearer tokens, JWTs, OAuth `code`/`state`
query values, client secrets, keys and passwords, and any exact secret value registered at
start-up (the configured client secrets and keys). Redaction happens in the formatter rather
than at each call site because a secret most often leaks through a library's message or an
exception's text, which no call site controls.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, MutableMapping
from typing import Any, TextIO

import structlog
from pydantic import SecretStr

from core.settings import Settings

REDACTED = "[REDACTED]"

# Keys whose values are secret whatever they look like (compared lower-cased, `-` as `_`).
SENSITIVE_KEYS = frozenset(
    {
        "authorization",
        "proxy_authorization",
        "cookie",
        "set_cookie",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "bearer",
        "client_secret",
        "secret",
        "password",
        "passwd",
        "api_key",
        "key",
        "private_key",
        "encryption_key",
        "encryption_keys",
        "jwt_secret",
        "oauth_code",
        "authorization_code",
        "oauth_state",
        "verifier_token",
        "webhook_key",
    }
)

_SENSITIVE_PARAMETERS = "|".join(
    [
        *("code", "state", "token", "access_token", "refresh_token", "id_token"),
        *("client_secret", "password", "key", "api_key"),
    ]
)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # `Authorization: Bearer abc`, `Basic abc` anywhere in a message.
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), rf"\1 {REDACTED}"),
    # A JWT (header.payload.signature) even without the Bearer prefix.
    (re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
    # Query or form values: ?code=…&state=…, token=…
    (
        re.compile(rf"(?i)([?&;\s]|^)({_SENSITIVE_PARAMETERS})=[^&\s#\"']*"),
        rf"\1\2={REDACTED}",
    ),
    # `client_secret: abc`, `"password": "abc"`, `refresh_token='abc'` in reprs and JSON.
    (
        re.compile(
            r"(?i)([\"']?(?:client_secret|password|secret|refresh_token|access_token|api_key"
            r"|authorization)[\"']?\s*[:=]\s*)([\"']?)[^\s,&\"'}]+"
        ),
        rf"\1\2{REDACTED}",
    ),
)


class Redactor:
    """Scrubs secrets from strings and structured log events."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self.add_secrets(secrets)

    def add_secrets(self, secrets: Iterable[str]) -> None:
        """Remember exact secret values (shorter ones are ignored: they would match noise)."""
        self._secrets.update(s for s in secrets if len(s) >= 8)

    def scrub(self, text: str) -> str:
        """Return the text with every secret replaced by ``[REDACTED]``."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def scrub_value(self, key: str, value: object) -> object:
        """Redact a value wholesale when its key names a secret, else scrub it recursively."""
        if _normal_key(key) in SENSITIVE_KEYS:
            return REDACTED
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, SecretStr):
            return REDACTED
        if isinstance(value, bytes):
            return self.scrub(value.decode("utf-8", "replace"))
        if isinstance(value, dict):
            return {str(k): self.scrub_value(str(k), v) for k, v in value.items()}
        if isinstance(value, list | tuple | set):
            return [self.scrub_value("", item) for item in value]
        return value

    def __call__(
        self, logger: object, method_name: str, event_dict: MutableMapping[str, Any]
    ) -> MutableMapping[str, Any]:
        """structlog processor: scrub every field of the event."""
        for key in list(event_dict):
            event_dict[key] = self.scrub_value(key, event_dict[key])
        return event_dict


def _normal_key(key: str) -> str:
    return key.lower().replace("-", "_")


def _drop_color_message(
    logger: object, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    # uvicorn passes an ANSI-coloured copy of its message as an `extra`; it only adds noise.
    event_dict.pop("color_message", None)
    return event_dict


def settings_secrets(settings: Settings) -> list[str]:
    """The exact secret values held in the settings, for the redactor."""
    values: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        items = value if isinstance(value, list) else [value]
        values.extend(item.get_secret_value() for item in items if isinstance(item, SecretStr))
    return values


REDACTOR = Redactor()


def configure_logging(
    settings: Settings, stream: TextIO | None = None, *, json: bool | None = None
) -> None:
    """Send all logging (structlog and stdlib) through one redacting formatter.

    Safe to call more than once: it replaces the root handler it installed before.
    """
    REDACTOR.add_secrets(settings_secrets(settings))
    as_json = settings.log_json if json is None else json
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if as_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    shared: list[structlog.typing.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), _drop_color_message, *shared],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            REDACTOR,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    handler.set_name("ledgersync")
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() == "ledgersync":
            root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(settings.log_level.upper())
    # Tortoise announces every start and shutdown at INFO; keep its SQL and warnings only.
    if root.level > logging.DEBUG:
        logging.getLogger("tortoise").setLevel(logging.WARNING)
    # uvicorn's own handlers would print a second, unredacted copy of each line.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    _route_structlog_to_stdlib(shared)


def _route_structlog_to_stdlib(shared: list[structlog.typing.Processor]) -> None:
    # Our own events are scrubbed before they reach any handler, even one we did not install
    # (pytest's caplog, a host application's handler).
    structlog.configure(
        processors=[*shared, REDACTOR, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A structured logger that writes through the redacting formatter."""
    if not structlog.is_configured():
        _route_structlog_to_stdlib([structlog.stdlib.add_log_level])
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger
