"""Webhook endpoints (create, change, rotate the secret, delete), deliveries and replays."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import timedelta
from urllib.parse import urlsplit
from uuid import UUID

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.idempotency import UNKEYED, OptionalKey, created_once
from app.core.jobqueue import enqueue
from app.core.pagination import Page, PageRequest, fetch_page
from app.webhooks import targets
from app.webhooks.errors import WebhookError, WebhookErrorCode
from app.webhooks.events import EVENT_TYPES
from app.webhooks.models import (
    DeliveryStatus,
    EndpointStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from app.webhooks.signing import new_secret

MAX_ENDPOINTS = 20
MAX_OVERLAP_HOURS = 24 * 7


@dataclass(frozen=True)
class EndpointSpec:
    url: str
    event_types: list[str]
    description: str = ""


@dataclass(frozen=True)
class DeliveryFilter:
    status: DeliveryStatus | None = None
    endpoint_id: UUID | None = None
    event_type: str | None = None


def _invalid(message: str, field: str) -> WebhookError:
    return WebhookError(WebhookErrorCode.INVALID_INPUT, message, field)


async def _checked(spec: EndpointSpec) -> EndpointSpec:
    url = spec.url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname or len(url) > 2000:
        raise _invalid("The URL must be http(s) with a host, at most 2000 characters.", "url")
    unknown = set(spec.event_types) - EVENT_TYPES
    if unknown:
        raise _invalid(f"Unknown event types: {', '.join(sorted(unknown))}.", "eventTypes")
    if len(spec.description) > 200:
        raise _invalid("At most 200 characters.", "description")
    try:
        await targets.check(url)
    except targets.TargetRefusedError as refused:
        raise WebhookError(WebhookErrorCode.URL_NOT_ALLOWED, str(refused), "url") from refused
    return EndpointSpec(url, sorted(set(spec.event_types)), spec.description.strip())


async def create_endpoint(
    tenant_id: UUID, spec: EndpointSpec, keyed: OptionalKey = UNKEYED
) -> WebhookEndpoint:
    """A new endpoint with a fresh secret (shown to the merchant in the answer, and again to a
    retry of the same caller under the same key)."""
    spec = await _checked(spec)

    async def create() -> WebhookEndpoint:
        async with tenant_scope(tenant_id):
            if await WebhookEndpoint.filter(tenant_id=tenant_id).count() >= MAX_ENDPOINTS:
                raise WebhookError(
                    WebhookErrorCode.TOO_MANY_ENDPOINTS,
                    f"At most {MAX_ENDPOINTS} endpoints.",
                    "url",
                )
            return await WebhookEndpoint.create(
                tenant_id=tenant_id,
                url=spec.url,
                event_types=spec.event_types,
                description=spec.description,
                secret=new_secret(),
            )

    request = asdict(spec)
    return await created_once(WebhookEndpoint, tenant_id, keyed, request, create, WebhookError)


async def update_endpoint(
    tenant_id: UUID, endpoint_id: UUID, spec: EndpointSpec, enabled: bool
) -> WebhookEndpoint:
    """Change an endpoint; enabling a DISABLED one makes it ACTIVE again."""
    spec = await _checked(spec)
    async with tenant_scope(tenant_id):
        endpoint = await _endpoint(endpoint_id)
        endpoint.url, endpoint.event_types = spec.url, spec.event_types
        endpoint.description, endpoint.enabled = spec.description, enabled
        if enabled and endpoint.status is EndpointStatus.DISABLED:
            endpoint.status, endpoint.failing_since = EndpointStatus.ACTIVE, None
        await endpoint.save()
        return endpoint


async def rotate_secret(tenant_id: UUID, endpoint_id: UUID, overlap_hours: int) -> WebhookEndpoint:
    """A new secret; the old one keeps signing (a second signature) for `overlap_hours`."""
    if not 0 <= overlap_hours <= MAX_OVERLAP_HOURS:
        raise _invalid(f"The overlap is 0 to {MAX_OVERLAP_HOURS} hours.", "overlapHours")
    async with tenant_scope(tenant_id):
        endpoint = await _endpoint(endpoint_id)
        endpoint.previous_secret = endpoint.secret if overlap_hours else None
        endpoint.previous_until = utcnow() + timedelta(hours=overlap_hours)
        endpoint.secret = new_secret()
        await endpoint.save(update_fields=["previous_secret", "previous_until", "secret"])
        return endpoint


async def delete_endpoint(tenant_id: UUID, endpoint_id: UUID) -> None:
    """Stop delivering to the endpoint; its delivery history stays."""
    async with tenant_scope(tenant_id):
        endpoint = await _endpoint(endpoint_id)
        await WebhookDelivery.filter(
            endpoint_id=endpoint.id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING]
        ).update(status=DeliveryStatus.DEAD, last_error="Endpoint deleted")
        endpoint.enabled = False
        endpoint.status = EndpointStatus.DISABLED
        await endpoint.save(update_fields=["enabled", "status"])


async def list_endpoints(tenant_id: UUID) -> list[WebhookEndpoint]:
    async with tenant_scope(tenant_id):
        return await WebhookEndpoint.all().order_by("id")


async def list_deliveries(
    tenant_id: UUID, only: DeliveryFilter, page: PageRequest
) -> Page[WebhookDelivery]:
    """Deliveries, newest first."""
    async with tenant_scope(tenant_id):
        query = WebhookDelivery.all()
        if only.status is not None:
            query = query.filter(status=only.status)
        if only.endpoint_id is not None:
            query = query.filter(endpoint_id=only.endpoint_id)
        if only.event_type:
            query = query.filter(
                event_id__in=WebhookEvent.filter(type=only.event_type).values_list("id", flat=True)
            )
        return await fetch_page(query, page, newest_first=True)


async def replay_delivery(tenant_id: UUID, delivery_id: UUID) -> WebhookDelivery:
    """Send a delivery's event to its endpoint again, as a new delivery (same webhook-id)."""
    async with tenant_scope(tenant_id) as connection:
        original = await WebhookDelivery.get_or_none(id=delivery_id)
        if original is None:
            raise WebhookError(
                WebhookErrorCode.DELIVERY_NOT_FOUND, "No such delivery.", "deliveryId"
            )
        replay = await WebhookDelivery.create(
            tenant_id=tenant_id,
            event_id=original.event_id,
            endpoint_id=original.endpoint_id,
            next_attempt_at=utcnow(),
        )
        await enqueue(
            connection,
            "deliver_webhooks",
            {"tenant_id": str(tenant_id)},
            queueing_lock=f"deliver_webhooks:{tenant_id}",
        )
        return replay


async def _endpoint(endpoint_id: UUID) -> WebhookEndpoint:
    endpoint = await WebhookEndpoint.select_for_update().get_or_none(id=endpoint_id)
    if endpoint is None:
        raise WebhookError(WebhookErrorCode.ENDPOINT_NOT_FOUND, "No such endpoint.", "endpointId")
    return endpoint
