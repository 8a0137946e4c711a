"""The providers Ledgersync knows, keyed by the provider enum (the one place that names them)."""

from __future__ import annotations

from core.models.enums import Provider
from core.sync.session import ProviderEnv, ProviderKit
from integrations.quickbooks_desktop.kit import QuickBooksDesktopKit
from integrations.quickbooks_online.kit import QuickBooksOnlineKit
from integrations.xero.kit import XeroKit

REGISTRY: dict[Provider, ProviderKit] = {
    Provider.QUICKBOOKS_ONLINE: QuickBooksOnlineKit(),
    Provider.XERO: XeroKit(),
    Provider.QUICKBOOKS_DESKTOP: QuickBooksDesktopKit(),
}


class UnsupportedProvider(LookupError):
    """No kit is registered for that provider (or URL slug)."""


def kit_for(provider: Provider) -> ProviderKit:
    """The kit of a provider, or :class:`UnsupportedProvider`."""
    try:
        return REGISTRY[provider]
    except KeyError:
        raise UnsupportedProvider(f"{provider.value} is not supported yet") from None


def kit_by_slug(slug: str) -> ProviderKit:
    """The kit whose URL slug (``/oauth/<slug>/callback``, ``/webhooks/<slug>``) is ``slug``."""
    for kit in REGISTRY.values():
        if kit.slug == slug:
            return kit
    raise UnsupportedProvider(f"no provider is served at /{slug}")


def check_provider_settings(env: ProviderEnv) -> None:
    """Read every provider's settings now (and register their secrets with the log redactor):
    a malformed ``LEDGERSYNC_<PROVIDER>_*`` variable stops start-up with a SettingsError that
    names it, instead of failing the first job that needs the provider."""
    for kit in REGISTRY.values():
        read = getattr(kit, "settings", None)
        if callable(read):
            read(env)
