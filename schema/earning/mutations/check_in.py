"""checkIn: today's check-in, with a member token."""

from __future__ import annotations

from app.earning import occasion_awards
from app.earning.errors import EarningError
from schema.context import Info
from schema.earning.types import EarnedPayload, EarningUserError
from schema.errors import user_errors
from schema.permissions import MEMBER, member_of, mutation
from schema.scalars import Points


@mutation(
    MEMBER,
    "Today's check-in, with a member token: once a day in the merchant's time zone; points "
    "follow the CHECK_IN rule's streak schedule, a missed day restarts it. Errors: "
    "ALREADY_EARNED, RULE_NOT_FOUND, MEMBER_BLOCKED.",
)
async def resolve(info: Info) -> EarnedPayload:
    member = member_of(info)
    try:
        earned = await occasion_awards.check_in(member.tenant_id, member.member_id)
    except EarningError as error:
        return EarnedPayload(user_errors=user_errors(error, EarningUserError))
    return EarnedPayload(points=Points(earned.points), streak=earned.streak)
