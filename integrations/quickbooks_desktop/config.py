"""Static facts and settings for QuickBooks Desktop through the QuickBooks Web Connector.

Ledgersync cannot call QuickBooks Desktop: the Web Connector on the customer's PC polls our SOAP
endpoint (``POST /qbwc``) and carries qbXML requests to QuickBooks and its answers back. The
facts here are the same in every environment except how the Web Connector is reached: in
``production`` it is the real one on the customer's PC; in ``simulator`` the simulated Web
Connector and company file (``integrations/quickbooks_desktop/simulator``) poll the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["production", "simulator"]
ENVIRONMENTS: tuple[Environment, ...] = ("production", "simulator")

SOAP_PATH = "/qbwc"
SUPPORT_PATH = "/qbwc/support"
SIMULATOR_PATH = "/_sim/qbd"

OWNER_ID = "{6A3B1C52-9D1E-4F0B-8C2A-5E7D4B9F1A36}"
"""Ledgersync's constant OwnerID: QuickBooks stores the FileID under it in the company file."""

QBXML_VERSION = (13, 0)
"""The qbXML version we speak when the Web Connector supports it (the examples are 13.0)."""
QBXML_MIN_VERSION = (8, 0)
"""Below 8.0 qbXML has no currency elements, which multicurrency companies need."""

WEB_CONNECTOR_MIN_VERSION = (2, 1, 0, 30)
"""Web Connectors older than this are refused (``E:``): they predate the TLS 1.2 releases."""
WEB_CONNECTOR_WARN_VERSION = (2, 3, 0, 0)
"""Web Connectors older than this are warned (``W:``) to update."""

SERVER_VERSION = "Ledgersync Web Connector service 1.0"


@dataclass(frozen=True, slots=True)
class QbdLimits:
    """What QuickBooks and the Web Connector tolerate, and the pacing we choose within it."""

    max_returned: int = 100
    """Records per iterator page: 100-150 keeps each response small enough for the Web
    Connector's time-outs (a 15,000-customer answer without an iterator is several MB)."""
    requests_per_message_set: int = 25
    """Write or look-up requests handed out in one ``sendRequestXML``."""
    customer_name_max: int = 41
    item_name_max: int = 31
    ref_number_max: int = 11
    payment_ref_number_max: int = 20
    address_line_max: int = 41
    city_max: int = 31
    state_max: int = 21
    postal_code_max: int = 13
    country_max: int = 31
    phone_max: int = 21
    email_max: int = 1023
    company_name_max: int = 41
    first_name_max: int = 25
    last_name_max: int = 25
    memo_max: int = 4095
    description_max: int = 4095
    modified_overlap_seconds: int = 600
    """Incremental reads start this long before the checkpoint: QuickBooks' clock is the
    customer PC's, and a record saved while we read must not slip between two reads."""


class QbdSettings(BaseSettings):
    """The QuickBooks Desktop settings, from ``LEDGERSYNC_QBD_*`` environment variables."""

    model_config = SettingsConfigDict(
        env_prefix="LEDGERSYNC_QBD_", extra="ignore", case_sensitive=False, frozen=True
    )

    environment: Environment = Field(
        default="simulator",
        description="`production` (the customer's Web Connector) or `simulator`.",
    )
    app_name: str = Field(default="Ledgersync", description="The name the Web Connector shows.")
    run_every_n_minutes: int = Field(
        default=15, ge=1, le=1440, description="The Auto-Run interval written into the .qwc file."
    )
    session_idle_seconds: int = Field(
        default=600,
        ge=30,
        description="A Web Connector session silent this long is abandoned: its tickets stop "
        "working and another session of the company file may start.",
    )
    busy_retry_seconds: int = Field(
        default=60,
        ge=5,
        description="When another session of the company file is open, the Web Connector is "
        "told to try again after this many seconds.",
    )
    max_failed_logins: int = Field(
        default=5, ge=1, description="Wrong passwords in a row before sign-ins are paused."
    )
    lockout_seconds: int = Field(
        default=900, ge=1, description="How long sign-ins stay paused after too many failures."
    )
    greeting_seconds: int = Field(
        default=300,
        ge=5,
        description="How long the Web Connector version announced in clientVersion is kept "
        "for the sign-in (authenticate) that follows from the same address.",
    )
    request_hold_seconds: float = Field(
        default=3.0,
        ge=0,
        le=30,
        description="How long sendRequestXML waits for a run that is resuming to queue its "
        "next requests before it answers with nothing (a NoOp pause of the Web Connector); "
        "0 answers at once.",
    )
    noop_limit_seconds: int = Field(
        default=120,
        ge=0,
        description="How long a session waits (NoOp pauses) for follow-up requests of a run "
        "that resumed, before it ends.",
    )


def load_qbd_settings(**overrides: object) -> QbdSettings:
    """The settings from the environment (plus explicit overrides, for tests)."""
    return QbdSettings(**overrides)  # type: ignore[arg-type]


def version_text(version: tuple[int, int]) -> str:
    """``(13, 0)`` as ``"13.0"``."""
    return f"{version[0]}.{version[1]}"


def negotiate_version(major: int, minor: int) -> tuple[int, int] | None:
    """The qbXML version to speak with a Web Connector that supports up to ``major.minor``;
    None when it is older than we can work with."""
    offered = (major, minor)
    if offered < QBXML_MIN_VERSION:
        return None
    return min(offered, QBXML_VERSION)
