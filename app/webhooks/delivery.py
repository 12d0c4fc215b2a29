"""Delivering webhook events: claim due deliveries, POST them signed, record what happened.

Claims are short transactions (`SENDING` with a lease, so a crashed sender's deliveries come
due again); the HTTP calls happen outside any transaction. A failed attempt waits 30 s, 1 min,
2 min, ... (capped at 6 h); after 10 attempts the delivery is DEAD. Each attempt checks the
target again and connects to the address it checked (targets.py), following no redirect. An
endpoint failing without a success for 24 hours is disabled, and the tenant's other endpoints
are told.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import httpx

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.metrics import WEBHOOKS
from app.webhooks import targets
from app.webhooks.events import emit
from app.webhooks.models import (
    DeliveryStatus,
    EndpointStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from app.webhooks.signing import headers

MAX_ATTEMPTS = 10
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=6)
LEASE = timedelta(minutes=2)
DISABLE_AFTER = timedelta(hours=24)
BATCH = 50
TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Attempt:
    delivery_id: UUID
    endpoint_id: UUID
    status_code: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt."""
    wait: timedelta = min(FIRST_WAIT * 2 ** (attempts - 1), LONGEST_WAIT)
    return wait


async def deliver_due(
    tenant_id: UUID, now: datetime | None = None, wait_seconds: float = TIMEOUT_SECONDS
) -> int:
    """Send every delivery of the tenant that is due, each waiting at most `wait_seconds` for
    its answer; returns how many were attempted."""
    attempted = 0
    async with httpx.AsyncClient(timeout=wait_seconds, follow_redirects=False) as client:
        while True:
            at = now or utcnow()
            claimed = await _claim(tenant_id, at)
            if not claimed:
                return attempted
            for delivery in claimed:
                attempt = await _send(client, tenant_id, delivery, at)
                await _record(tenant_id, delivery, attempt, now or utcnow())
            attempted += len(claimed)


async def _claim(tenant_id: UUID, now: datetime) -> list[WebhookDelivery]:
    async with tenant_scope(tenant_id) as connection:
        rows = await connection.execute_query_dict(
            "UPDATE webhook_delivery SET status = 'SENDING', next_attempt_at = $2"
            " WHERE tenant_id = $4 AND id IN (SELECT id FROM webhook_delivery"
            "  WHERE tenant_id = $4 AND status IN ('PENDING', 'SENDING') AND next_attempt_at <= $1"
            "  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING id",
            [now, now + LEASE, BATCH, tenant_id],
        )
        return await WebhookDelivery.filter(id__in=[row["id"] for row in rows]).order_by("id")


async def _send(
    client: httpx.AsyncClient, tenant_id: UUID, delivery: WebhookDelivery, now: datetime
) -> Attempt:
    async with tenant_scope(tenant_id):
        event = await WebhookEvent.get(id=delivery.event_id)
        endpoint = await WebhookEndpoint.get(id=delivery.endpoint_id)
    body = json.dumps(
        event.payload | {"timestamp": event.created_at.isoformat()}, separators=(",", ":")
    ).encode()
    keys = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_until and endpoint.previous_until > now:
        keys.append(endpoint.previous_secret)
    signed = headers(keys, str(event.id), int(now.timestamp()), body)
    try:
        target = await targets.check(endpoint.url)  # again: what a name resolves to changes
    except targets.TargetRefusedError as refused:
        return Attempt(delivery.id, endpoint.id, None, f"Not sent: {refused}")
    try:
        response = await client.post(
            target.address_url,
            content=body,
            headers={**signed, "host": target.host_header},
            extensions={"sni_hostname": target.host},
        )
    except httpx.HTTPError as error:
        # The kind of failure only: a message may quote what an internal host answered.
        return Attempt(delivery.id, endpoint.id, None, type(error).__name__)
    return Attempt(delivery.id, endpoint.id, response.status_code, None)


async def _record(
    tenant_id: UUID, delivery: WebhookDelivery, attempt: Attempt, now: datetime
) -> None:
    attempts = delivery.attempts + 1
    async with tenant_scope(tenant_id):
        endpoint = await WebhookEndpoint.select_for_update().get(id=attempt.endpoint_id)
        if attempt.ok:
            status, next_at = DeliveryStatus.SUCCEEDED, now
            endpoint.failing_since = None
        else:
            dead = attempts >= MAX_ATTEMPTS
            status = DeliveryStatus.DEAD if dead else DeliveryStatus.PENDING
            next_at = now + backoff(attempts)
            endpoint.failing_since = endpoint.failing_since or now
        await WebhookDelivery.filter(id=delivery.id).update(
            status=status,
            attempts=attempts,
            next_attempt_at=next_at,
            last_status_code=attempt.status_code,
            last_error=attempt.error if not attempt.ok else None,
            delivered_at=now if attempt.ok else None,
        )
        WEBHOOKS.labels(status.value).inc()
        failing_too_long = (
            endpoint.failing_since is not None and now - endpoint.failing_since >= DISABLE_AFTER
        )
        if failing_too_long and endpoint.status is EndpointStatus.ACTIVE:
            endpoint.status = EndpointStatus.DISABLED
            await endpoint.save(update_fields=["status", "failing_since"])
            await WebhookDelivery.filter(
                endpoint_id=endpoint.id, status=DeliveryStatus.PENDING
            ).update(status=DeliveryStatus.DEAD, last_error="Endpoint disabled")
            await emit(
                tenant_id,
                "webhook_endpoint.disabled",
                {
                    "endpoint_id": str(endpoint.id),
                    "url": endpoint.url,
                    "since": endpoint.failing_since,
                },
            )
        else:
            await endpoint.save(update_fields=["failing_since"])
