"""The one settings object, read from the environment once at start-up.

Every setting has an environment variable. Missing or malformed values fail at start-up with a
message that names the variable, so a misconfigured deployment never half-starts.
"""

from __future__ import annotations

import enum
import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Annotated

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_STATE_DIR = Path(".ledgersync")


class ProviderEnvironment(enum.StrEnum):
    """Which of a provider's environments the client talks to; only base URLs change."""

    PRODUCTION = "production"
    SANDBOX = "sandbox"
    SIMULATOR = "simulator"


class SettingsError(RuntimeError):
    """Raised at start-up when a setting is missing or malformed; the message names it."""


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    """Ledgersync's configuration. Build it once with :func:`load_settings` and pass it along."""

    model_config = SettingsConfigDict(
        env_prefix="LEDGERSYNC_", extra="ignore", case_sensitive=False, frozen=True
    )

    database_url: str = Field(
        default="sqlite://.ledgersync/ledgersync.sqlite3",
        validation_alias="DATABASE_URL",
        description="Database URL: sqlite://PATH or postgres://USER@HOST:PORT/DB.",
    )
    redis_url: str | None = Field(
        default=None,
        validation_alias="REDIS_URL",
        description="Redis URL for the job queue and live events; unset runs an embedded queue.",
    )
    state_dir: Path = Field(default=DEFAULT_STATE_DIR, description="Folder for local key files.")
    encryption_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated Fernet keys; the first encrypts, all decrypt (key rotation).",
    )
    encryption_key_file: Path | None = Field(
        default=None, description="A file holding Fernet keys, one a line (used when no keys set)."
    )
    jwt_issuer: str | None = Field(default=None, description="Required `iss` claim, if set.")
    jwt_audience: str | None = Field(default=None, description="Required `aud` claim, if set.")
    jwt_jwks_url: str | None = Field(default=None, description="JWKS URL of the token issuer.")
    jwt_public_key: SecretStr | None = Field(
        default=None, description="A PEM public key (RS256/ES256) that signs bearer tokens."
    )
    jwt_secret: SecretStr | None = Field(
        default=None, description="A shared HS256 secret that signs bearer tokens."
    )
    dev_mode: bool = Field(
        default=False,
        description="Development mode: bearer tokens are signed by a local development key "
        "that `ledgersync token` can use. Never enable in production.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The URL Ledgersync is reached at; `serve` and `demo` default it to the "
        "address they listen on.",
    )
    app_url: str | None = Field(
        default=None, description="Where OAuth callbacks send the user back (the billing app)."
    )
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated browser origins allowed by CORS."
    )
    principal_cache_seconds: float = Field(
        default=10.0,
        ge=0,
        description="How long a verified bearer token's caller is remembered (0: not at all).",
    )
    log_level: str = Field(default="INFO", description="Log level.")
    log_json: bool = Field(default=False, description="Write logs as JSON lines.")
    max_request_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        description="The largest GraphQL request body accepted, in bytes; a larger one gets "
        "HTTP 413.",
    )
    run_embedded_worker: bool = Field(
        default=True,
        description="With no REDIS_URL, run the job worker inside the API process.",
    )
    job_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a worker's claim on a running job lasts without renewal: the "
        "job of a worker that died is taken up by another worker after this long.",
    )
    waiting_alert_minutes: float = Field(
        default=180.0,
        gt=0,
        description="A run that has waited longer than this for a polling agent (e.g. the "
        "QuickBooks Web Connector) says so on its connection.",
    )
    plan_ttl_minutes: float = Field(
        default=60.0,
        gt=0,
        description="How long a sync plan (planSync) may be executed with runSyncPlan after it "
        "was made; an older one must be planned again.",
    )
    max_jobs_per_firm: int = Field(
        default=2,
        ge=1,
        description="How many sync jobs of one firm may run at once across all workers; the "
        "firm's further jobs wait, so one firm's backlog never holds every worker.",
    )
    webhook_rejected_keep: int = Field(
        default=1000,
        ge=1,
        description="How many rejected (forged or malformed) webhook deliveries are kept for "
        "inspection; older ones are deleted.",
    )

    simulator_auto_approve: bool = Field(
        default=True,
        description="Simulated consent pages approve at once (scripted clients, the demo).",
    )
    # Each provider's own settings (LEDGERSYNC_QBO_*, LEDGERSYNC_XERO_*, LEDGERSYNC_QBD_*) live
    # with the provider: integrations/<provider>/config.py.

    @field_validator("encryption_keys", mode="before")
    @classmethod
    def _parse_keys(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _parse_origins(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite://", "postgres://", "postgresql://", "asyncpg://")):
            raise ValueError("must start with sqlite://, postgres:// or postgresql://")
        return value

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if value == "":
            return None
        if value is not None and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("encryption_keys")
    @classmethod
    def _check_keys(cls, value: list[SecretStr]) -> list[SecretStr]:
        for index, key in enumerate(value):
            try:
                Fernet(key.get_secret_value().encode())
            except ValueError as exc:
                raise ValueError(
                    f"key #{index + 1} is not a valid Fernet key (32 url-safe base64 bytes)"
                ) from exc
        return value

    @model_validator(mode="after")
    def _check_jwt(self) -> Settings:
        sources = [self.jwt_jwks_url, self.jwt_public_key, self.jwt_secret]
        if not self.dev_mode and not any(sources):
            raise ValueError(
                "no bearer-token verification is configured: set LEDGERSYNC_JWT_JWKS_URL, "
                "LEDGERSYNC_JWT_PUBLIC_KEY or LEDGERSYNC_JWT_SECRET "
                "(or LEDGERSYNC_DEV_MODE=true for local development)"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        """True when the database is a SQLite file."""
        return self.database_url.startswith("sqlite://")

    @property
    def dev_jwt_key_file(self) -> Path:
        """The file holding the development signing key (dev mode only)."""
        return self.state_dir / "dev-jwt.key"

    @cached_property
    def fernet_keys(self) -> list[bytes]:
        """The token-encryption keys, newest first, from the setting or the key file."""
        if self.encryption_keys:
            return [k.get_secret_value().encode() for k in self.encryption_keys]
        if self.encryption_key_file is not None:
            return _read_key_file(self.encryption_key_file)
        raise SettingsError(
            "LEDGERSYNC_ENCRYPTION_KEYS is not set: give one or more Fernet keys "
            "(or LEDGERSYNC_ENCRYPTION_KEY_FILE); `ledgersync demo` creates a local key file"
        )


def _read_key_file(path: Path) -> list[bytes]:
    try:
        lines = path.read_text().split()
    except OSError as exc:
        raise SettingsError(f"LEDGERSYNC_ENCRYPTION_KEY_FILE: cannot read {path}: {exc}") from exc
    keys = [line.strip().encode() for line in lines if line.strip()]
    if not keys:
        raise SettingsError(f"LEDGERSYNC_ENCRYPTION_KEY_FILE: {path} holds no key")
    for key in keys:
        try:
            Fernet(key)
        except ValueError as exc:
            raise SettingsError(
                f"LEDGERSYNC_ENCRYPTION_KEY_FILE: {path} holds a malformed Fernet key"
            ) from exc
    return keys


def ensure_private_file(path: Path, make_content: str) -> str:
    """Return the file's content, creating it readable only by its owner if it is missing."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(make_content + "\n")
    return make_content


def ensure_dev_keys(state_dir: Path) -> tuple[Path, Path]:
    """Create the local encryption-key file and development JWT key used by the demo."""
    enc = state_dir / "encryption.key"
    ensure_private_file(enc, Fernet.generate_key().decode())
    jwt_key = state_dir / "dev-jwt.key"
    ensure_private_file(jwt_key, secrets.token_urlsafe(48))
    return enc, jwt_key


def _env_name(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "configuration"
    name = str(loc[0])
    aliases = {f.validation_alias for f in Settings.model_fields.values()}
    if name in aliases:
        return name
    return f"LEDGERSYNC_{name.upper()}"


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment (plus explicit overrides, for tests).

    Raises :class:`SettingsError` whose message names each offending environment variable.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = [
            f"{_env_name(err['loc'])}: {err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        ]
        raise SettingsError("invalid configuration — " + "; ".join(problems)) from None
