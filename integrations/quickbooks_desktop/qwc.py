"""The ``.qwc`` file a user opens in the QuickBooks Web Connector to add Ledgersync.

It names the endpoint (``AppURL``, which the Web Connector accepts only over HTTPS, except
``http://localhost``), the support page on the same host, the connection's UserName and FileID,
Ledgersync's constant OwnerID, the product (``QBFS``: QuickBooks Financial Software) and the
Auto-Run interval. The password is never in the file: it is typed into the Web Connector.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree

from .config import OWNER_ID, SOAP_PATH, SUPPORT_PATH, QbdSettings

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def https_problem(public_url: str) -> str | None:
    """Why the Web Connector would refuse this address (None when it accepts it)."""
    parts = urlsplit(public_url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS):
        return None
    return (
        f"The Web Connector accepts only HTTPS addresses (or http://localhost), and "
        f"{public_url} is not one (QBWC1051): set LEDGERSYNC_PUBLIC_URL to the HTTPS address "
        "Ledgersync is reached at."
    )


def qwc_file(
    settings: QbdSettings, public_url: str, *, user_name: str, file_id: str, description: str
) -> str:
    """The ``.qwc`` document for one connection (elements in the Web Connector's order)."""
    base = public_url.rstrip("/")
    root = etree.Element("QBWCXML")
    values = (
        ("AppName", settings.app_name),
        ("AppID", ""),
        ("AppURL", f"{base}{SOAP_PATH}"),
        ("AppDescription", description),
        ("AppSupport", f"{base}{SUPPORT_PATH}"),
        ("UserName", user_name),
        ("OwnerID", OWNER_ID),
        ("FileID", file_id),
        ("QBType", "QBFS"),
    )
    for tag, text in values:
        etree.SubElement(root, tag).text = text
    scheduler = etree.SubElement(root, "Scheduler")
    etree.SubElement(scheduler, "RunEveryNMinutes").text = str(settings.run_every_n_minutes)
    etree.SubElement(root, "IsReadOnly").text = "false"
    body = etree.tostring(root, encoding="unicode", pretty_print=True)
    return f'<?xml version="1.0"?>\n{body}'
