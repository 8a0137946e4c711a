"""`POST /batch`: independent items, each answered with its entity, a QueryResponse or a Fault."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import errors
from .jsonutil import JSON, arr, obj, text
from .query import run_query
from .store import ENTITY_PATHS, Realm

if TYPE_CHECKING:
    from .state import SimulatorState

_BATCH_ENTITIES = frozenset(ENTITY_PATHS.values()) - {"CompanyInfo"}


def run_batch(state: SimulatorState, realm: Realm, payload: JSON) -> JSON:
    """Run every item; a failing item never stops the others and the call still answers 200."""
    items = arr(payload.get("BatchItemRequest"))
    if not items:
        raise errors.required_missing("BatchItemRequest")
    limit = state.settings.batch_max_items
    if len(items) > limit:
        raise errors.business_rule(
            f"Batch request has {len(items)} items; the maximum is {limit}", "BatchItemRequest"
        )
    responses: list[object] = [_run_item(state, realm, raw) for raw in items]
    return {"BatchItemResponse": responses}


def _run_item(state: SimulatorState, realm: Realm, raw: object) -> JSON:
    item = obj(raw) or {}
    bid = text(item.get("bId"))
    try:
        return {**_answer(state, realm, item), "bId": bid}
    except errors.QboError as fault:
        return {"Fault": fault.fault(), "bId": bid}


def _answer(state: SimulatorState, realm: Realm, item: JSON) -> JSON:
    query = item.get("Query")
    if isinstance(query, str):
        return {"QueryResponse": run_query(realm, query, state.settings.company_timezone)}
    entity = next((key for key in item if key in _BATCH_ENTITIES), None)
    payload = obj(item.get(entity)) if entity else None
    if entity is None or payload is None:
        raise errors.unsupported_property("Batch item has no entity or Query")
    operation = text(item.get("operation"))
    if operation is None:
        raise errors.required_missing("operation")
    body = state.accounting.write(
        realm,
        entity,
        payload,
        operation=operation,
        include=text(item.get("optionsData")),
        origin="api",
    )
    return {entity: body}
