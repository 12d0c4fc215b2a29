"""Webhook endpoints, deliveries and replays, for merchant admins."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.webhooks import models, service
from app.webhooks.errors import WebhookError, WebhookErrorCode
from app.webhooks.events import EVENT_TYPES
from app.webhooks.models import DeliveryStatus, EndpointStatus
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.pagination import Connection, connection, page_request
from schema.permissions import require_staff
from tenants.roles import StaffRole

WebhookErrorCodeEnum = strawberry.enum(WebhookErrorCode, name="WebhookErrorCode")
EndpointStatusEnum = strawberry.enum(
    EndpointStatus, name="WebhookEndpointStatus", description="DISABLED after a day of failures."
)
DeliveryStatusEnum = strawberry.enum(DeliveryStatus, name="WebhookDeliveryStatus")
EVENTS = ", ".join(sorted(EVENT_TYPES))


@strawberry.type(description="A refused webhook operation: which field, why, and a message.")
class WebhookUserError:
    field: str | None
    code: Annotated[WebhookErrorCode, WebhookErrorCodeEnum]
    message: str


@strawberry.type(description="Where the merchant's systems hear what happened.")
class WebhookEndpoint:
    id: strawberry.ID
    url: str
    description: str
    event_types: list[str] = strawberry.field(description=f"Empty: all. Known: {EVENTS}.")
    enabled: bool
    status: Annotated[EndpointStatus, EndpointStatusEnum]
    failing_since: datetime | None
    previous_secret_until: datetime | None = strawberry.field(
        description="After a rotation, the old secret also signs until then."
    )
    created_at: datetime

    @classmethod
    def from_model(cls, endpoint: models.WebhookEndpoint) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(str(endpoint.id)),
            url=endpoint.url,
            description=endpoint.description,
            event_types=endpoint.event_types,
            enabled=endpoint.enabled,
            status=endpoint.status,
            failing_since=endpoint.failing_since,
            previous_secret_until=endpoint.previous_until if endpoint.previous_secret else None,
            created_at=endpoint.created_at,
        )


@strawberry.type(description="One attempt series of one event to one endpoint.")
class WebhookDelivery:
    id: strawberry.ID
    event_id: strawberry.ID = strawberry.field(description="Sent as the webhook-id header.")
    endpoint_id: strawberry.ID
    status: Annotated[DeliveryStatus, DeliveryStatusEnum]
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, delivery: models.WebhookDelivery) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(str(delivery.id)),
            event_id=strawberry.ID(str(delivery.event_id)),
            endpoint_id=strawberry.ID(str(delivery.endpoint_id)),
            status=delivery.status,
            attempts=delivery.attempts,
            next_attempt_at=delivery.next_attempt_at,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            delivered_at=delivery.delivered_at,
            created_at=delivery.created_at,
        )


@strawberry.input
class WebhookEndpointInput:
    url: str
    event_types: list[str] = strawberry.field(default_factory=list)
    description: str = ""
    enabled: bool = True


@strawberry.input
class UpdateWebhookEndpointInput:
    endpoint_id: strawberry.ID
    endpoint: WebhookEndpointInput


@strawberry.input
class RotateWebhookSecretInput:
    endpoint_id: strawberry.ID
    overlap_hours: int = strawberry.field(
        default=24, description="How long the old secret keeps signing (0-168)."
    )


@strawberry.input
class WebhookEndpointIdInput:
    endpoint_id: strawberry.ID


@strawberry.input
class ReplayWebhookDeliveryInput:
    delivery_id: strawberry.ID


@strawberry.input
class WebhookDeliveryFilter:
    status: Annotated[DeliveryStatus, DeliveryStatusEnum] | None = None
    endpoint_id: strawberry.ID | None = None
    event_type: str | None = None


@strawberry.type
class WebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = None
    secret: str | None = strawberry.field(
        default=None,
        description="createWebhookEndpoint and rotateWebhookSecret: the signing secret "
        "(whsec_...), shown only in this answer.",
    )
    user_errors: list[WebhookUserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = None
    user_errors: list[WebhookUserError] = strawberry.field(default_factory=list)


def _spec(values: WebhookEndpointInput) -> service.EndpointSpec:
    return service.EndpointSpec(values.url, values.event_types, values.description)


def _refused(error: WebhookError) -> WebhookEndpointPayload:
    return WebhookEndpointPayload(user_errors=user_errors(error, WebhookUserError))


async def create_webhook_endpoint(
    info: Info, input: WebhookEndpointInput
) -> WebhookEndpointPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        endpoint = await service.create_endpoint(tenant_id, _spec(input))
    except WebhookError as error:
        return _refused(error)
    return WebhookEndpointPayload(
        endpoint=WebhookEndpoint.from_model(endpoint), secret=endpoint.secret
    )


async def update_webhook_endpoint(
    info: Info, input: UpdateWebhookEndpointInput
) -> WebhookEndpointPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        endpoint = await service.update_endpoint(
            tenant_id, parse_id(input.endpoint_id), _spec(input.endpoint), input.endpoint.enabled
        )
    except WebhookError as error:
        return _refused(error)
    return WebhookEndpointPayload(endpoint=WebhookEndpoint.from_model(endpoint))


async def rotate_webhook_secret(
    info: Info, input: RotateWebhookSecretInput
) -> WebhookEndpointPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        endpoint = await service.rotate_secret(
            tenant_id, parse_id(input.endpoint_id), input.overlap_hours
        )
    except WebhookError as error:
        return _refused(error)
    return WebhookEndpointPayload(
        endpoint=WebhookEndpoint.from_model(endpoint), secret=endpoint.secret
    )


async def delete_webhook_endpoint(
    info: Info, input: WebhookEndpointIdInput
) -> WebhookEndpointPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        await service.delete_endpoint(tenant_id, parse_id(input.endpoint_id))
    except WebhookError as error:
        return _refused(error)
    return WebhookEndpointPayload()


async def replay_webhook_delivery(
    info: Info, input: ReplayWebhookDeliveryInput
) -> WebhookDeliveryPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
    try:
        delivery = await service.replay_delivery(tenant_id, parse_id(input.delivery_id))
    except WebhookError as error:
        return WebhookDeliveryPayload(user_errors=user_errors(error, WebhookUserError))
    return WebhookDeliveryPayload(delivery=WebhookDelivery.from_model(delivery))


ADMIN = " ADMIN or OWNER."


@strawberry.type
class WebhookMutations:
    create_webhook_endpoint = strawberry.mutation(
        resolver=create_webhook_endpoint,
        description="Add an endpoint; the answer carries its secret, once. Deliveries are "
        "signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)."
        + ADMIN
        + " Errors: INVALID_INPUT, TOO_MANY_ENDPOINTS.",
    )
    update_webhook_endpoint = strawberry.mutation(
        resolver=update_webhook_endpoint,
        description="Change an endpoint; enabling a DISABLED one makes it ACTIVE." + ADMIN,
    )
    rotate_webhook_secret = strawberry.mutation(
        resolver=rotate_webhook_secret,
        description="A new secret; the old one keeps signing for overlapHours." + ADMIN,
    )
    delete_webhook_endpoint = strawberry.mutation(
        resolver=delete_webhook_endpoint,
        description="Stop delivering to an endpoint (its history stays)." + ADMIN,
    )
    replay_webhook_delivery = strawberry.mutation(
        resolver=replay_webhook_delivery,
        description="Send a delivery's event again, as a new delivery with the same webhook-id."
        + ADMIN
        + " Errors: DELIVERY_NOT_FOUND.",
    )


@strawberry.type
class WebhookQueries:
    @strawberry.field(description="This merchant's webhook endpoints. ADMIN or OWNER.")
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
        return [WebhookEndpoint.from_model(e) for e in await service.list_endpoints(tenant_id)]

    @strawberry.field(description="Deliveries, newest first. ADMIN or OWNER. `first` <= 100.")
    async def webhook_deliveries(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        filter: WebhookDeliveryFilter | None = None,
    ) -> Connection[WebhookDelivery]:
        tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
        only = service.DeliveryFilter(
            status=filter.status if filter else None,
            endpoint_id=parse_id(filter.endpoint_id) if filter and filter.endpoint_id else None,
            event_type=filter.event_type if filter else None,
        )
        page = await service.list_deliveries(tenant_id, only, page_request(first, after))
        return connection(page, WebhookDelivery.from_model)
