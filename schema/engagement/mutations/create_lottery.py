"""createLottery: a lottery with weighted prizes."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.engagement import service
from app.engagement.errors import LotteryError
from schema.context import Info
from schema.engagement.types import (
    FreeDrawRuleInput,
    Lottery,
    LotteryPrizeInput,
    LotteryUserError,
)
from schema.errors import user_errors
from schema.idempotency import create_key_field, keyed
from schema.permissions import Access, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole


@strawberry.input
class CreateLotteryInput:
    name: str
    cost_points: Points
    prizes: list[LotteryPrizeInput]
    daily_limit: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    free_draw_rules: list[FreeDrawRuleInput] = strawberry.field(default_factory=list)
    idempotency_key: str | None = create_key_field()


@strawberry.type
class LotteryPayload:
    lottery: Lottery | None = None
    user_errors: list[LotteryUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "A lottery with weighted prizes (points, a reward, nothing), open now or from `startsAt`, "
    "until `endsAt` or endLottery. Errors: INVALID_INPUT, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: CreateLotteryInput) -> LotteryPayload:
    tenant_id = tenant_of(info)
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
        lottery = await service.create_lottery(tenant_id, spec, keyed(info, input.idempotency_key))
    except LotteryError as error:
        return LotteryPayload(user_errors=user_errors(error, LotteryUserError))
    return LotteryPayload(lottery=await Lottery.load(lottery))
