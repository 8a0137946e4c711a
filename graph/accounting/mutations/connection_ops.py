"""Connection mutations of the accounting domain, one module each, composed here."""

from __future__ import annotations

import strawberry

from graph.accounting.mutations.disconnect import DisconnectMutation
from graph.accounting.mutations.select_company import SelectCompanyMutation
from graph.accounting.mutations.select_xero_tenant import SelectXeroTenantMutation
from graph.accounting.mutations.start_connection import StartConnectionMutation
from graph.accounting.mutations.update_connection_settings import (
    UpdateConnectionSettingsMutation,
)


@strawberry.type
class ConnectionMutations(
    StartConnectionMutation,
    DisconnectMutation,
    UpdateConnectionSettingsMutation,
    SelectCompanyMutation,
    SelectXeroTenantMutation,
):
    """Mutation fields, merged into the root Mutation type."""
