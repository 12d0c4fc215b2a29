"""Webhooks in the API: endpoints, their deliveries, and the errors of managing them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.webhooks import models, service
from app.webhooks.errors import WebhookError, WebhookErrorCode
from app.webhooks.events import EVENT_TYPES
from app.webhooks.models import DeliveryStatus, EndpointStatus
from schema.errors import UserError, user_errors

WebhookErrorCodeEnum = strawberry.enum(WebhookErrorCode, name="WebhookErrorCode")


EndpointStatusEnum = strawberry.enum(
    EndpointStatus, name="WebhookEndpointStatus", description="DISABLED after a day of failures."
)


DeliveryStatusEnum = strawberry.enum(DeliveryStatus, name="WebhookDeliveryStatus")


EVENTS = ", ".join(sorted(EVENT_TYPES))


@strawberry.type(description="A refused webhook operation: which field, why, and a message.")
class WebhookUserError(UserError):
    code: Annotated[WebhookErrorCode, WebhookErrorCodeEnum]


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


def endpoint_spec(values: WebhookEndpointInput) -> service.EndpointSpec:
    return service.EndpointSpec(values.url, values.event_types, values.description)


def endpoint_refused(error: WebhookError) -> WebhookEndpointPayload:
    return WebhookEndpointPayload(user_errors=user_errors(error, WebhookUserError))


ADMIN = " ADMIN or OWNER."
