"""createLottery: a lottery with weighted prizes."""

from __future__ import annotations

import strawberry

from app.engagement import service
from app.engagement.errors import LotteryError
from schema.context import Info
from schema.engagement.types import Lottery, LotteryPrizeInput, LotteryUserError
from schema.errors import user_errors
from schema.idempotency import create_key_field, keyed
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import StaffRole


@strawberry.input
class CreateLotteryInput:
    name: str
    cost_points: Points
    prizes: list[LotteryPrizeInput]
    daily_limit: int | None = None
    idempotency_key: str | None = create_key_field()


@strawberry.type
class LotteryPayload:
    lottery: Lottery | None = None
    user_errors: list[LotteryUserError] = strawberry.field(default_factory=list)


@mutation(
    Access(staff=StaffRole.ADMIN),
    "A lottery with weighted prizes (points, a reward, nothing). Errors: INVALID_INPUT, "
    "IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: CreateLotteryInput) -> LotteryPayload:
    tenant_id = tenant_of(info)
    prizes = [
        service.PrizeSpec(
            name=p.name,
            kind=p.kind,
            weight=p.weight,
            points=p.points,
            reward_id=parse_id(p.reward_id) if p.reward_id else None,
            stock=p.stock,
        )
        for p in input.prizes
    ]
    spec = service.LotterySpec(input.name, input.cost_points, prizes, input.daily_limit)
    try:
        lottery = await service.create_lottery(tenant_id, spec, keyed(info, input.idempotency_key))
    except LotteryError as error:
        return LotteryPayload(user_errors=user_errors(error, LotteryUserError))
    return LotteryPayload(lottery=await Lottery.load(lottery))
