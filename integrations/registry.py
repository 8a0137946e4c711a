"""The providers Ledgersync knows, keyed by the provider enum (the one place that names them)."""

from __future__ import annotations

from core.models.enums import Provider
from core.sync.session import ProviderKit
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
