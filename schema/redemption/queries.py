"""Redemption queries: orders, a member's own or all of them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.core.pagination import Page
from app.redemption import orders
from app.redemption.models import OrderStatus
from schema.context import Info
from schema.ids import parse_id
from schema.pagination import Connection, connection, page_request
from schema.permissions import Access, query, reader_of
from schema.redemption.types import Order, OrderStatusEnum
from tenants.roles import ApiScope, StaffRole


@strawberry.type
class RedemptionQueries:
    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ, member=True),
        "Orders oldest first: a member's own, or all for staff and API keys; `status`, "
        "`memberId` and the time they were placed (`since`, `until`) filter. `first` at most "
        "100.",
    )
    async def orders(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        status: Annotated[OrderStatus, OrderStatusEnum] | None = None,
        member_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="One member's orders (staff and API keys; a member token sees only "
                "its own, and another member's id finds nothing)."
            ),
        ] = None,
        since: Annotated[
            datetime | None,
            strawberry.argument(description="Orders placed at or after this time."),
        ] = None,
        until: Annotated[
            datetime | None, strawberry.argument(description="Orders placed before this time.")
        ] = None,
    ) -> Connection[Order]:
        tenant_id, reader = reader_of(info)
        wanted = parse_id(member_id) if member_id is not None else None
        if reader is not None and wanted not in (None, reader):
            return connection(Page(items=[], has_next_page=False), Order.from_model)
        only = orders.OrderFilter(reader or wanted, status, since, until)
        page = await orders.list_orders(tenant_id, only, page_request(first, after, last, before))
        return connection(page, Order.from_model)

    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ, member=True),
        "One order; a member sees only their own. Null when unknown.",
    )
    async def order(self, info: Info, id: strawberry.ID) -> Order | None:
        tenant_id, member_id = reader_of(info)
        found = await orders.get_order(tenant_id, parse_id(id), member_id)
        return Order.from_model(found) if found else None
