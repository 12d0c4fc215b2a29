"""updateLottery and endLottery: change a running or scheduled lottery, or stop it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.engagement import service
from app.engagement.errors import LotteryError
from schema.context import Info
from schema.engagement.mutations.create_lottery import LotteryPayload
from schema.engagement.types import (
    FreeDrawRuleInput,
    Lottery,
    LotteryPrizeInput,
    LotteryUserError,
)
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole


@strawberry.input
class UpdateLotteryInput:
    lottery_id: strawberry.ID
    name: str
    cost_points: Points
    prizes: list[LotteryPrizeInput]
    daily_limit: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    free_draw_rules: list[FreeDrawRuleInput] = strawberry.field(default_factory=list)


@strawberry.input
class EndLotteryInput:
    lottery_id: strawberry.ID


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Replace a lottery's settings and prizes: a prize given with its `id` is updated (what "
    "was won so far stays), one without is added, one left out is retired (past draws keep "
    "naming it). Errors: LOTTERY_NOT_FOUND (unknown or ended), INVALID_INPUT.",
)
async def update(info: Info, input: UpdateLotteryInput) -> LotteryPayload:
    spec = service.LotterySpec(
        input.name,
        input.cost_points,
        [prize.to_spec() for prize in input.prizes],
        input.daily_limit,
        input.starts_at,
        input.ends_at,
        FreeDrawRuleInput.to_specs(input.free_draw_rules),
    )
    try:
        lottery = await service.update_lottery(tenant_of(info), parse_id(input.lottery_id), spec)
    except LotteryError as error:
        return LotteryPayload(user_errors=user_errors(error, LotteryUserError))
    return LotteryPayload(lottery=await Lottery.load(lottery))


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Stop a lottery now: no more draws; it leaves `lotteries`, its draws stay in "
    "`lotteryDraws`. Errors: LOTTERY_NOT_FOUND (unknown or already ended).",
)
async def end(info: Info, input: EndLotteryInput) -> LotteryPayload:
    try:
        lottery = await service.end_lottery(tenant_of(info), parse_id(input.lottery_id))
    except LotteryError as error:
        return LotteryPayload(user_errors=user_errors(error, LotteryUserError))
    return LotteryPayload(lottery=await Lottery.load(lottery))
