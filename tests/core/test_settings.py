"""Settings: defaults, parsing, and errors that name the environment variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from core.settings import SettingsError, ensure_dev_keys, load_settings


@pytest.fixture(autouse=True)
def _no_ledgersync_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "REDIS_URL", "LEDGERSYNC_DEV_MODE", "LEDGERSYNC_JWT_SECRET"):
        monkeypatch.delenv(name, raising=False)


def test_settings_dev_mode_defaults_sqlite_and_embedded_queue() -> None:
    settings = load_settings(dev_mode=True)

    assert settings.is_sqlite
    assert settings.redis_url is None
    assert settings.run_embedded_worker is True


def test_settings_from_environment_parses_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("LEDGERSYNC_JWT_SECRET", "shared-secret-value")
    monkeypatch.setenv("LEDGERSYNC_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("LEDGERSYNC_ENCRYPTION_KEYS", key)
    monkeypatch.setenv("REDIS_URL", "")

    settings = load_settings()

    assert settings.allowed_origins == ["https://a.example", "https://b.example"]
    assert settings.fernet_keys == [key.encode()]
    assert settings.redis_url is None


@pytest.mark.parametrize(
    ("env", "value", "named"),
    [
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL"),
        ("REDIS_URL", "http://cache", "REDIS_URL"),
        ("LEDGERSYNC_ENCRYPTION_KEYS", "not-a-key", "LEDGERSYNC_ENCRYPTION_KEYS"),
        ("LEDGERSYNC_DEV_MODE", "maybe", "LEDGERSYNC_DEV_MODE"),
    ],
)
def test_settings_malformed_value_error_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: str, value: str, named: str
) -> None:
    monkeypatch.setenv("LEDGERSYNC_JWT_SECRET", "shared-secret-value")
    monkeypatch.setenv(env, value)

    with pytest.raises(SettingsError) as error:
        load_settings()

    assert named in str(error.value)
    assert "not-a-key" not in str(error.value)


def test_settings_without_key_source_error_names_key_variables() -> None:
    settings = load_settings(dev_mode=True)

    with pytest.raises(SettingsError, match="LEDGERSYNC_ENCRYPTION_KEYS"):
        _ = settings.fernet_keys


def test_ensure_dev_keys_files_private_and_stable(tmp_path: Path) -> None:
    enc, jwt_key = ensure_dev_keys(tmp_path / "state")
    first = (enc.read_text(), jwt_key.read_text())

    ensure_dev_keys(tmp_path / "state")

    assert (enc.read_text(), jwt_key.read_text()) == first
    assert enc.stat().st_mode & 0o077 == 0
    assert jwt_key.stat().st_mode & 0o077 == 0
    settings = load_settings(dev_mode=True, encryption_key_file=enc)
    assert len(settings.fernet_keys) == 1
