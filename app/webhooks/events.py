"""Writing webhook events in the transaction of the change they report.

One statement stores the event and a delivery per subscribed endpoint, and only when there is
one, so a tenant without endpoints pays one cheap query per event; the delivery job is queued
in the same transaction (one waiting job per tenant).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from app.core.ids import uuid7
from app.core.jobqueue import enqueue

EVENT_TYPES = frozenset(
    {
        "points.earned",
        "points.deducted",
        "points.expired",
        "points.expiring",
        "order.created",
        "order.status_changed",
        "tier.changed",
        "exchange.completed",
        "settlement.batch_approved",
        "webhook_endpoint.disabled",
    }
)

_EMIT = (
    "WITH targets AS (SELECT id FROM webhook_endpoint WHERE enabled AND status = 'ACTIVE'"
    "  AND (event_types = '[]'::jsonb OR event_types ? $2)),"
    " event AS (INSERT INTO webhook_event (id, tenant_id, type, payload, created_at)"
    "  SELECT $1, $3, $2, $4::jsonb, now() WHERE EXISTS (SELECT 1 FROM targets) RETURNING id)"
    " INSERT INTO webhook_delivery (id, tenant_id, event_id, endpoint_id, status, attempts,"
    "  next_attempt_at, created_at)"
    " SELECT uuid7(), $3, event.id, targets.id, 'PENDING', 0, now(), now()"
    " FROM event, targets RETURNING id"
)


async def emit(tenant_id: UUID, event_type: str, data: dict[str, Any]) -> int:
    """Record `event_type` for the tenant's subscribed endpoints, in the transaction the caller
    is in (the tenant's scope). Returns how many deliveries it made."""
    connection: BaseDBAsyncClient = connections.get("default")
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook event type {event_type}")
    event_id = uuid7()
    payload = {"type": event_type, "id": str(event_id), "data": data}
    rows = await connection.execute_query_dict(
        _EMIT, [event_id, event_type, tenant_id, json.dumps(payload, default=str)]
    )
    if rows:
        await enqueue(
            connection,
            "deliver_webhooks",
            {"tenant_id": str(tenant_id)},
            queueing_lock=f"deliver_webhooks:{tenant_id}",
        )
    return len(rows)
