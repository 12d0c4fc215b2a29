"""Webhook queries: a merchant's endpoints and deliveries."""

from __future__ import annotations

import strawberry

from app.webhooks import service
from schema.context import Info
from schema.ids import parse_id
from schema.pagination import Connection, connection, page_request
from schema.permissions import Access, query, tenant_of
from schema.webhooks.types import WebhookDelivery, WebhookDeliveryFilter, WebhookEndpoint
from tenants.roles import StaffRole


@strawberry.type
class WebhookQueries:
    @query(
        Access(staff=StaffRole.ADMIN),
        "This merchant's webhook endpoints.",
    )
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        tenant_id = tenant_of(info)
        return [WebhookEndpoint.from_model(e) for e in await service.list_endpoints(tenant_id)]

    @query(
        Access(staff=StaffRole.ADMIN),
        "Deliveries, newest first. `first` <= 100.",
    )
    async def webhook_deliveries(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: WebhookDeliveryFilter | None = None,
    ) -> Connection[WebhookDelivery]:
        tenant_id = tenant_of(info)
        only = service.DeliveryFilter(
            status=filter.status if filter else None,
            endpoint_id=parse_id(filter.endpoint_id) if filter and filter.endpoint_id else None,
            event_type=filter.event_type if filter else None,
        )
        page = await service.list_deliveries(
            tenant_id, only, page_request(first, after, last, before)
        )
        return connection(page, WebhookDelivery.from_model)
