"""applyReferralCode: a member names the friend who referred them."""

from __future__ import annotations

import strawberry

from app.earning import occasion_awards
from app.earning.errors import EarningError
from schema.context import Info
from schema.earning.types import EarningUserError
from schema.errors import user_errors
from schema.permissions import MEMBER, member_of, mutation


@strawberry.input
class ApplyReferralCodeInput:
    code: str


@strawberry.type
class ApplyReferralCodePayload:
    ok: bool = False
    user_errors: list[EarningUserError] = strawberry.field(default_factory=list)


@mutation(
    MEMBER,
    "With a member token, name the friend who referred you (before your first purchase); both "
    "of you earn the REFERRAL rule's points at that purchase. Errors: INVALID_REFERRAL_CODE, "
    "NOT_ELIGIBLE.",
)
async def resolve(info: Info, input: ApplyReferralCodeInput) -> ApplyReferralCodePayload:
    member = member_of(info)
    try:
        await occasion_awards.apply_referral_code(member.tenant_id, member.member_id, input.code)
    except EarningError as error:
        return ApplyReferralCodePayload(user_errors=user_errors(error, EarningUserError))
    return ApplyReferralCodePayload(ok=True)
