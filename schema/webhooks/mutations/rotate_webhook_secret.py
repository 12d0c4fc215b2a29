"""rotateWebhookSecret: a new secret, the old one still signing for a while."""

from __future__ import annotations

import strawberry

from app.webhooks import service
from app.webhooks.errors import WebhookError
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.webhooks.types import WebhookEndpoint, WebhookEndpointPayload, endpoint_refused
from tenants.roles import StaffRole


@strawberry.input
class RotateWebhookSecretInput:
    endpoint_id: strawberry.ID
    overlap_hours: int = strawberry.field(
        default=24, description="How long the old secret keeps signing (0-168)."
    )


@mutation(
    Access(staff=StaffRole.ADMIN),
    "A new secret; the old one keeps signing for overlapHours.",
)
async def resolve(info: Info, input: RotateWebhookSecretInput) -> WebhookEndpointPayload:
    tenant_id = tenant_of(info)
    try:
        endpoint = await service.rotate_secret(
            tenant_id, parse_id(input.endpoint_id), input.overlap_hours
        )
    except WebhookError as error:
        return endpoint_refused(error)
    return WebhookEndpointPayload(
        endpoint=WebhookEndpoint.from_model(endpoint), secret=endpoint.secret
    )
