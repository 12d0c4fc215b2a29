"""deleteWebhookEndpoint: stop delivering to an endpoint."""

from __future__ import annotations

import strawberry

from app.webhooks import service
from app.webhooks.errors import WebhookError
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.webhooks.types import WebhookEndpointPayload, endpoint_refused
from tenants.roles import StaffRole


@strawberry.input
class WebhookEndpointIdInput:
    endpoint_id: strawberry.ID


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Stop delivering to an endpoint (its history stays).",
)
async def resolve(info: Info, input: WebhookEndpointIdInput) -> WebhookEndpointPayload:
    tenant_id = tenant_of(info)
    try:
        await service.delete_endpoint(tenant_id, parse_id(input.endpoint_id))
    except WebhookError as error:
        return endpoint_refused(error)
    return WebhookEndpointPayload()
