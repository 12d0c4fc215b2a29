"""Lotteries (积分抽奖): merchants set them up, members draw."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.engagement import models, service
from app.engagement.errors import LotteryError, LotteryErrorCode
from app.engagement.models import PrizeKind
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import actor_of, require_member, require_staff, tenant_principal
from schema.scalars import Points
from tenants.roles import StaffRole

LotteryErrorCodeEnum = strawberry.enum(LotteryErrorCode, name="LotteryErrorCode")
PrizeKindEnum = strawberry.enum(PrizeKind, name="PrizeKind")


@strawberry.type(description="A refused lottery operation: which field, why, and a message.")
class LotteryUserError:
    field: str | None
    code: Annotated[LotteryErrorCode, LotteryErrorCodeEnum]
    message: str


@strawberry.type(description="A prize, its weight (the odds are weight / total) and stock.")
class LotteryPrize:
    id: strawberry.ID
    name: str
    kind: Annotated[PrizeKind, PrizeKindEnum]
    points: Points | None
    reward_id: strawberry.ID | None
    weight: int
    stock: int | None = strawberry.field(description="Null: unlimited.")
    won: int

    @classmethod
    def from_model(cls, prize: models.LotteryPrize) -> LotteryPrize:
        return cls(
            id=strawberry.ID(str(prize.id)),
            name=prize.name,
            kind=prize.kind,
            points=Points(prize.points) if prize.points else None,
            reward_id=strawberry.ID(str(prize.reward_id)) if prize.reward_id else None,
            weight=prize.weight,
            stock=prize.stock,
            won=prize.won,
        )


@strawberry.type
class Lottery:
    id: strawberry.ID
    name: str
    cost_points: Points
    daily_limit: int | None
    prizes: list[LotteryPrize]

    @classmethod
    async def load(cls, lottery: models.Lottery) -> Lottery:
        prizes = await service.prizes_of(lottery.tenant_id, lottery.id)
        return cls(
            id=strawberry.ID(str(lottery.id)),
            name=lottery.name,
            cost_points=Points(lottery.cost_points),
            daily_limit=lottery.daily_limit,
            prizes=[LotteryPrize.from_model(p) for p in prizes],
        )


@strawberry.type(description="A draw and what decided it, for anyone to check.")
class LotteryDraw:
    id: strawberry.ID
    prize: LotteryPrize
    seed: str = strawberry.field(description="Hex; roll = SHA-256(seed || draw id) mod total.")
    roll: str
    weights: list[str] = strawberry.field(description="prizeId:weight in play, in order.")
    prize_order_id: strawberry.ID | None
    created_at: datetime

    @classmethod
    def from_drawn(cls, drawn: service.Drawn) -> LotteryDraw:
        draw = drawn.draw
        return cls(
            id=strawberry.ID(str(draw.id)),
            prize=LotteryPrize.from_model(drawn.prize),
            seed=draw.seed,
            roll=str(draw.roll),
            weights=[f"{prize}:{weight}" for prize, weight in draw.weights],
            prize_order_id=strawberry.ID(str(draw.prize_order_id)) if draw.prize_order_id else None,
            created_at=draw.created_at,
        )


@strawberry.input
class LotteryPrizeInput:
    name: str
    kind: Annotated[PrizeKind, PrizeKindEnum]
    weight: int
    points: Points | None = None
    reward_id: strawberry.ID | None = None
    stock: int | None = None


@strawberry.input
class CreateLotteryInput:
    name: str
    cost_points: Points
    prizes: list[LotteryPrizeInput]
    daily_limit: int | None = None


@strawberry.input
class DrawLotteryInput:
    lottery_id: strawberry.ID
    idempotency_key: str


@strawberry.type
class LotteryPayload:
    lottery: Lottery | None = None
    user_errors: list[LotteryUserError] = strawberry.field(default_factory=list)


@strawberry.type
class DrawLotteryPayload:
    draw: LotteryDraw | None = None
    replayed: bool = False
    user_errors: list[LotteryUserError] = strawberry.field(default_factory=list)


async def create_lottery(info: Info, input: CreateLotteryInput) -> LotteryPayload:
    tenant_id = require_staff(info, StaffRole.ADMIN).tenant_id
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
        lottery = await service.create_lottery(tenant_id, spec)
    except LotteryError as error:
        return LotteryPayload(user_errors=user_errors(error, LotteryUserError))
    return LotteryPayload(lottery=await Lottery.load(lottery))


async def draw_lottery(info: Info, input: DrawLotteryInput) -> DrawLotteryPayload:
    member = require_member(info)
    try:
        drawn = await service.draw(
            member.tenant_id,
            member.member_id,
            parse_id(input.lottery_id),
            input.idempotency_key,
            actor_of(info),
        )
    except LotteryError as error:
        return DrawLotteryPayload(user_errors=user_errors(error, LotteryUserError))
    return DrawLotteryPayload(draw=LotteryDraw.from_drawn(drawn), replayed=drawn.replayed)


@strawberry.type
class EngagementMutations:
    create_lottery = strawberry.mutation(
        resolver=create_lottery,
        description="A lottery with weighted prizes (points, a reward, nothing). ADMIN or OWNER. "
        "Errors: INVALID_INPUT.",
    )
    draw_lottery = strawberry.mutation(
        resolver=draw_lottery,
        description="Pay the cost and draw; idempotent by key. Members. Errors: "
        "LOTTERY_NOT_FOUND, LIMIT_REACHED, SOLD_OUT, PRIZE_UNAVAILABLE, INSUFFICIENT_POINTS, "
        "MEMBER_BLOCKED, IDEMPOTENCY_KEY_REUSED.",
    )


@strawberry.type
class EngagementQueries:
    @strawberry.field(description="Active lotteries with their prizes and odds.")
    async def lotteries(self, info: Info) -> list[Lottery]:
        principal = tenant_principal(info)
        tenant_id = principal.tenant_id if principal else require_staff(info).tenant_id
        return [await Lottery.load(lottery) for lottery in await service.list_lotteries(tenant_id)]
