"""updateWebhookEndpoint: change an endpoint."""

from __future__ import annotations

import strawberry

from app.webhooks import service
from app.webhooks.errors import WebhookError
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.webhooks.types import (
    WebhookEndpoint,
    WebhookEndpointInput,
    WebhookEndpointPayload,
    endpoint_refused,
    endpoint_spec,
)
from tenants.roles import StaffRole


@strawberry.input
class UpdateWebhookEndpointInput:
    endpoint_id: strawberry.ID
    endpoint: WebhookEndpointInput


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Change an endpoint; enabling a DISABLED one makes it ACTIVE.",
)
async def resolve(info: Info, input: UpdateWebhookEndpointInput) -> WebhookEndpointPayload:
    tenant_id = tenant_of(info)
    try:
        endpoint = await service.update_endpoint(
            tenant_id,
            parse_id(input.endpoint_id),
            endpoint_spec(input.endpoint),
            input.endpoint.enabled,
        )
    except WebhookError as error:
        return endpoint_refused(error)
    return WebhookEndpointPayload(endpoint=WebhookEndpoint.from_model(endpoint))
