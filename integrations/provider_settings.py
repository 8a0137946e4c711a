"""Each provider's own settings, read from its ``LEDGERSYNC_<PROVIDER>_*`` environment variables.

A provider's settings live with the provider, not in core's :class:`~core.settings.Settings`:
each kit reads them once per process environment (cached in ``ProviderEnv.extras``) and
registers their secrets with the log redactor, so no secret of a provider is ever logged.
Tests put their own values in ``ProviderEnv.extras`` under the kit's key (:func:`use_settings`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings

from core.logging import REDACTOR
from core.settings import SettingsError
from core.sync.session import ProviderEnv

S = TypeVar("S", bound=BaseSettings)


def provider_settings(env: ProviderEnv, key: str, kind: type[S], load: Callable[[], S]) -> S:
    """The provider's settings for this process environment (loaded and registered once)."""
    found = env.extras.get(key)
    if isinstance(found, kind):
        return found
    try:
        loaded = load()
    except ValidationError as exc:
        prefix = str(kind.model_config.get("env_prefix", ""))
        problems = [
            f"{prefix}{str(err['loc'][0]).upper() if err['loc'] else ''}: "
            f"{err['msg'].removeprefix('Value error, ')}"
            for err in exc.errors()
        ]
        raise SettingsError("invalid configuration — " + "; ".join(problems)) from None
    use_settings(env, key, loaded)
    return loaded


def use_settings(env: ProviderEnv, key: str, settings: BaseSettings) -> None:
    """Make ``settings`` the provider's settings in this environment; their secrets are
    registered with the log redactor."""
    REDACTOR.add_secrets(
        value.get_secret_value()
        for name in type(settings).model_fields
        if isinstance(value := getattr(settings, name), SecretStr)
    )
    env.extras[key] = settings
