"""Lottery queries."""

from __future__ import annotations

import strawberry

from app.engagement import service
from schema.context import Info
from schema.engagement.types import Lottery
from schema.permissions import Access, query, tenant_of
from tenants.roles import StaffRole


@strawberry.type
class EngagementQueries:
    @query(
        Access(staff=StaffRole.VIEWER, any_key=True, member=True),
        "Active lotteries with their prizes and odds.",
    )
    async def lotteries(self, info: Info) -> list[Lottery]:
        tenant_id = tenant_of(info)
        return [await Lottery.load(lottery) for lottery in await service.list_lotteries(tenant_id)]
