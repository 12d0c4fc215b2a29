"""createWebhookEndpoint: add an endpoint; its secret is shown once."""

from __future__ import annotations

from app.webhooks import service
from app.webhooks.errors import WebhookError
from schema.context import Info
from schema.permissions import Access, mutation, tenant_of
from schema.webhooks.types import (
    WebhookEndpoint,
    WebhookEndpointInput,
    WebhookEndpointPayload,
    endpoint_refused,
    endpoint_spec,
)
from tenants.roles import StaffRole


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Add an endpoint; the answer carries its secret, once. Deliveries are signed per Standard "
    "Webhooks (webhook-id, webhook-timestamp, webhook-signature). Errors: INVALID_INPUT, "
    "TOO_MANY_ENDPOINTS.",
)
async def resolve(info: Info, input: WebhookEndpointInput) -> WebhookEndpointPayload:
    tenant_id = tenant_of(info)
    try:
        endpoint = await service.create_endpoint(tenant_id, endpoint_spec(input))
    except WebhookError as error:
        return endpoint_refused(error)
    return WebhookEndpointPayload(
        endpoint=WebhookEndpoint.from_model(endpoint), secret=endpoint.secret
    )
