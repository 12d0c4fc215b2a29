"""drawLottery: a member pays the cost and draws."""

from __future__ import annotations

import strawberry

from app.engagement import service
from app.engagement.errors import LotteryError
from schema.context import Info
from schema.engagement.types import LotteryDraw, LotteryUserError
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import MEMBER, actor_of, member_of, mutation


@strawberry.input
class DrawLotteryInput:
    lottery_id: strawberry.ID
    idempotency_key: str


@strawberry.type
class DrawLotteryPayload:
    draw: LotteryDraw | None = None
    replayed: bool = False
    user_errors: list[LotteryUserError] = strawberry.field(default_factory=list)


@mutation(
    MEMBER,
    "Pay the cost and draw; idempotent by key. Errors: LOTTERY_NOT_FOUND, LIMIT_REACHED, "
    "SOLD_OUT, PRIZE_UNAVAILABLE, INSUFFICIENT_POINTS, MEMBER_BLOCKED, IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: DrawLotteryInput) -> DrawLotteryPayload:
    member = member_of(info)
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
