"""Lotteries in the API: prizes, odds, draws."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry

from app.engagement import models, service
from app.engagement.errors import LotteryErrorCode
from app.engagement.models import PrizeKind
from schema.context import Info
from schema.errors import UserError
from schema.ids import parse_id
from schema.scalars import Points
from tenants.principals import MemberPrincipal

LotteryErrorCodeEnum = strawberry.enum(LotteryErrorCode, name="LotteryErrorCode")

PrizeKindEnum = strawberry.enum(PrizeKind, name="PrizeKind")


@strawberry.type(description="A refused lottery operation: which field, why, and a message.")
class LotteryUserError(UserError):
    code: Annotated[LotteryErrorCode, LotteryErrorCodeEnum]


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
    starts_at: datetime | None
    ends_at: datetime | None
    ended: bool
    prizes: list[LotteryPrize]
    free_draw_rules: list[FreeDrawRule]

    @strawberry.field(
        description="Free draws the member earned and has not used (a member token; null for "
        "staff and API keys)."
    )
    async def free_draws(self, info: Info) -> int | None:
        principal = info.context.principal
        if not isinstance(principal, MemberPrincipal):
            return None
        return await service.free_draws_of(principal.tenant_id, UUID(self.id), principal.member_id)

    @classmethod
    async def load(cls, lottery: models.Lottery) -> Lottery:
        prizes = await service.prizes_of(lottery.tenant_id, lottery.id)
        rules = await service.chance_rules_of(lottery.tenant_id, lottery.id)
        return cls(
            id=strawberry.ID(str(lottery.id)),
            name=lottery.name,
            cost_points=Points(lottery.cost_points),
            daily_limit=lottery.daily_limit,
            starts_at=lottery.starts_at,
            ends_at=lottery.ends_at,
            ended=lottery.status is models.LotteryStatus.ARCHIVED,
            prizes=[LotteryPrize.from_model(p) for p in prizes],
            free_draw_rules=[
                FreeDrawRule(rule_id=strawberry.ID(str(r.rule_id)), draws=r.draws) for r in rules
            ],
        )


@strawberry.type(description="A draw and what decided it, for anyone to check.")
class LotteryDraw:
    id: strawberry.ID
    lottery_id: strawberry.ID
    member_id: strawberry.ID
    free: bool
    prize: LotteryPrize
    seed: str = strawberry.field(description="Hex; roll = SHA-256(seed || draw id) mod total.")
    roll: str
    weights: list[str] = strawberry.field(description="prizeId:weight in play, in order.")
    prize_order_id: strawberry.ID | None
    created_at: datetime

    @classmethod
    def from_drawn(cls, drawn: service.Drawn) -> LotteryDraw:
        return cls.from_model(drawn.draw, drawn.prize)

    @classmethod
    def from_model(cls, draw: models.LotteryDraw, prize: models.LotteryPrize) -> LotteryDraw:
        return cls(
            id=strawberry.ID(str(draw.id)),
            lottery_id=strawberry.ID(str(draw.lottery_id)),
            member_id=strawberry.ID(str(draw.member_id)),
            free=draw.free,
            prize=LotteryPrize.from_model(prize),
            seed=draw.seed,
            roll=str(draw.roll),
            weights=[f"{prize}:{weight}" for prize, weight in draw.weights],
            prize_order_id=strawberry.ID(str(draw.prize_order_id)) if draw.prize_order_id else None,
            created_at=draw.created_at,
        )


@strawberry.type(description="An earning rule whose every payment grants free draws.")
class FreeDrawRule:
    rule_id: strawberry.ID
    draws: int


@strawberry.input(description="Each payment of this CHECK_IN or EVENT rule grants free draws.")
class FreeDrawRuleInput:
    rule_id: strawberry.ID
    draws: int = 1

    @staticmethod
    def to_specs(rules: list[FreeDrawRuleInput]) -> tuple[tuple[UUID, int], ...]:
        return tuple((parse_id(rule.rule_id), rule.draws) for rule in rules)


@strawberry.input
class LotteryPrizeInput:
    name: str
    kind: Annotated[PrizeKind, PrizeKindEnum]
    weight: int
    points: Points | None = None
    reward_id: strawberry.ID | None = None
    stock: int | None = None
    id: strawberry.ID | None = None

    def to_spec(self) -> service.PrizeSpec:
        return service.PrizeSpec(
            name=self.name,
            kind=self.kind,
            weight=self.weight,
            points=self.points,
            reward_id=parse_id(self.reward_id) if self.reward_id else None,
            stock=self.stock,
            id=parse_id(self.id) if self.id else None,
        )
