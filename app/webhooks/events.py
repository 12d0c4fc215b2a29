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
        "points_payment.authorized",
        "points_payment.captured",
        "points_payment.voided",
        "points_payment.expired",
        "points_payment.refunded",
        "tier.changed",
        "achievement.unlocked",
        "exchange.completed",
        "settlement.batch_approved",
        "bulk_job.completed",
        "webhook_endpoint.disabled",
    }
)

_EMIT = (
    "WITH targets AS (SELECT id, event_types FROM webhook_endpoint"
    "  WHERE tenant_id = $4::uuid AND enabled AND status = 'ACTIVE'),"
    " wanted AS (SELECT e.* FROM unnest($1::uuid[], $2::text[], $3::text[]) AS e(id, type, payload)"
    "  WHERE EXISTS (SELECT 1 FROM targets t WHERE t.event_types = '[]'::jsonb"
    "   OR t.event_types ? e.type)),"
    " event AS (INSERT INTO webhook_event (id, tenant_id, type, payload, created_at)"
    "  SELECT id, $4, type, payload::jsonb, now() FROM wanted RETURNING id, type)"
    " INSERT INTO webhook_delivery (id, tenant_id, event_id, endpoint_id, status, attempts,"
    "  next_attempt_at, created_at)"
    " SELECT uuid7(), $4, event.id, t.id, 'PENDING', 0, now(), now() FROM event JOIN targets t"
    "  ON t.event_types = '[]'::jsonb OR t.event_types ? event.type RETURNING id"
)


async def emit(tenant_id: UUID, event_type: str, data: dict[str, Any]) -> int:
    """Record `event_type` for the tenant's subscribed endpoints, in the transaction the caller
    is in (the tenant's scope). Returns how many deliveries it made."""
    return await emit_many(tenant_id, [(event_type, data)])


async def emit_many(tenant_id: UUID, events: list[tuple[str, dict[str, Any]]]) -> int:
    """`emit` for several events in one statement (a ledger batch's)."""
    if not events:
        return 0
    unknown = {event_type for event_type, _ in events} - EVENT_TYPES
    if unknown:
        raise ValueError(f"unknown webhook event types {sorted(unknown)}")
    connection: BaseDBAsyncClient = connections.get("default")
    ids = [uuid7() for _ in events]
    payloads = [
        json.dumps({"type": event_type, "id": str(event_id), "data": data}, default=str)
        for event_id, (event_type, data) in zip(ids, events, strict=True)
    ]
    rows = await connection.execute_query_dict(
        _EMIT, [ids, [event_type for event_type, _ in events], payloads, tenant_id]
    )
    if rows:
        await enqueue(
            connection,
            "deliver_webhooks",
            {"tenant_id": str(tenant_id)},
            queueing_lock=f"deliver_webhooks:{tenant_id}",
        )
    return len(rows)
