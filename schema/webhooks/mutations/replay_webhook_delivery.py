"""replayWebhookDelivery: send a delivery's event again."""

from __future__ import annotations

import strawberry

from app.webhooks import service
from app.webhooks.errors import WebhookError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.webhooks.types import WebhookDelivery, WebhookUserError
from tenants.roles import StaffRole


@strawberry.input
class ReplayWebhookDeliveryInput:
    delivery_id: strawberry.ID


@strawberry.type
class WebhookDeliveryPayload:
    delivery: WebhookDelivery | None = None
    user_errors: list[WebhookUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Send a delivery's event again, as a new delivery with the same webhook-id. Errors: "
    "DELIVERY_NOT_FOUND.",
)
async def resolve(info: Info, input: ReplayWebhookDeliveryInput) -> WebhookDeliveryPayload:
    tenant_id = tenant_of(info)
    try:
        delivery = await service.replay_delivery(tenant_id, parse_id(input.delivery_id))
    except WebhookError as error:
        return WebhookDeliveryPayload(user_errors=user_errors(error, WebhookUserError))
    return WebhookDeliveryPayload(delivery=WebhookDelivery.from_model(delivery))
