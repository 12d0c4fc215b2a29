"""createWebhookEndpoint: add an endpoint; its secret is shown once."""

from __future__ import annotations

from app.webhooks import service
from app.webhooks.errors import WebhookError
from schema.context import Info
from schema.idempotency import CreateKeyArgument, keyed
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
    "Add an endpoint; the answer carries its secret (and so does a retry under the same "
    "idempotencyKey). Deliveries are signed per Standard "
    "Webhooks (webhook-id, webhook-timestamp, webhook-signature). Errors: INVALID_INPUT, "
    "TOO_MANY_ENDPOINTS, URL_NOT_ALLOWED, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(
    info: Info, input: WebhookEndpointInput, idempotency_key: CreateKeyArgument = None
) -> WebhookEndpointPayload:
    tenant_id = tenant_of(info)
    try:
        endpoint = await service.create_endpoint(
            tenant_id, endpoint_spec(input), keyed(info, idempotency_key)
        )
    except WebhookError as error:
        return endpoint_refused(error)
    return WebhookEndpointPayload(
        endpoint=WebhookEndpoint.from_model(endpoint), secret=endpoint.secret
    )
