"""Lottery queries."""

from __future__ import annotations

import strawberry

from app.core.pagination import Page
from app.engagement import service
from schema.context import Info
from schema.engagement.types import Lottery, LotteryDraw
from schema.ids import parse_id
from schema.pagination import Connection, connection, page_request
from schema.permissions import Access, query, reader_of, tenant_of
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

    @query(
        Access(staff=StaffRole.VIEWER, any_key=True, member=True),
        "Draws newest first, each with its prize and what decided it: a member token sees its "
        "own; staff and API keys every member's, or one's with `memberId`. `first` at most 100.",
    )
    async def lottery_draws(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        lottery_id: strawberry.ID | None = None,
        member_id: strawberry.ID | None = None,
    ) -> Connection[LotteryDraw]:
        tenant_id, reader = reader_of(info)
        wanted = parse_id(member_id) if member_id is not None else None
        if reader is not None and wanted not in (None, reader):
            return connection(Page(items=[], has_next_page=False), lambda draw: draw)
        page = await service.draws(
            tenant_id,
            page_request(first, after, last, before),
            parse_id(lottery_id) if lottery_id is not None else None,
            reader or wanted,
        )
        prizes = await service.prizes_by_id(tenant_id, [draw.prize_id for draw in page.items])
        return connection(page, lambda draw: LotteryDraw.from_model(draw, prizes[draw.prize_id]))
