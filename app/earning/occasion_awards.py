"""Points for things members do besides buying: signing up, completing the profile, birthdays,
daily check-ins, merchant-defined tasks, and referrals.

Each payment is an `EarningEvent` unique per (rule, member, occasion), so an occasion pays once
however often it is reported; caps (the rule's per-member daily cap, the tenant's daily points
cap per member, the rule's budget) are applied in the tenant's time zone under the rule's row
lock, and the points move through the ledger in the same transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from math import floor
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from app.core.clock import local_date, utcnow
from app.core.db import tenant_scope
from app.core.pagination import Page, PageRequest, fetch_page
from app.earning.activity import Activity, member_did, one_at_a_time
from app.earning.debts import repay_debt
from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import (
    EarningEvent,
    EarningSettings,
    EarnRule,
    EarnRuleKind,
    PurchaseRecord,
    Referral,
    ReferralCode,
    Status,
)
from app.earning.occasions import birthday_occasion, check_in_points, next_streak
from app.ledger.commands import Award
from app.ledger.errors import LedgerError, into_domain
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.members.models import Member, MemberStatus
from app.members.service import UpsertedMember, upsert_member
from app.tiers.service import evaluate, tier_standing
from tenants.clock import zone_of

EARNING_ACTOR = "system:earning"
PROFILE_FIELDS = ("email", "phone", "display_name", "birthday")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Earned:
    points: int
    streak: int = 0


async def welcome_member(
    tenant_id: UUID, external_id: str, changes: dict[str, Any]
) -> UpsertedMember:
    """Upsert a member, paying the sign-up bonus to a new one and the profile bonus once the
    profile is complete."""
    async with tenant_scope(tenant_id):
        # One transaction: a member is never created without the bonus it is due.
        upserted = await upsert_member(tenant_id, external_id, changes)
        member = upserted.member
        if upserted.created:
            await _pay_all(tenant_id, member, EarnRuleKind.SIGNUP, "signup")
        if all(getattr(member, name) for name in PROFILE_FIELDS):
            await _pay_all(tenant_id, member, EarnRuleKind.PROFILE_COMPLETION, "profile")
    return upserted


async def check_in(tenant_id: UUID, member_id: UUID, now: datetime | None = None) -> Earned:
    """Today's check-in: once per day in the tenant's time zone, paid by the streak schedule."""
    now = now or utcnow()
    async with tenant_scope(tenant_id):
        member = await _active_member(member_id)
        await one_at_a_time(member.id)
        rule = await _one_rule(EarnRuleKind.CHECK_IN)
        today = local_date(now, await zone_of(tenant_id))
        last = (
            await EarningEvent.filter(rule_id=rule.id, member_id=member.id)
            .order_by("-local_date")
            .first()
        )
        if last is not None and last.local_date == today:
            raise EarningError(EarningErrorCode.ALREADY_EARNED, "Already checked in today.", None)
        streak = next_streak(last.local_date if last else None, last.streak if last else 0, today)
        points = check_in_points(rule.config["schedule"], streak)
        occasion = f"check-in:{today}"
        earned = await _pay(tenant_id, member, rule, occasion, points, today, streak)
        await member_did(tenant_id, member.id, Activity.CHECK_IN, ((rule.id, occasion),))
        return Earned(earned, streak)


async def check_in_history(
    tenant_id: UUID, member_id: UUID, page: PageRequest
) -> Page[EarningEvent]:
    """The member's check-ins newest first, under every check-in rule there has been."""
    async with tenant_scope(tenant_id):
        rules = await EarnRule.filter(kind=EarnRuleKind.CHECK_IN).values_list("id", flat=True)
        query = EarningEvent.filter(member_id=member_id, rule_id__in=list(rules))
        return await fetch_page(query, page, newest_first=True)


async def record_event(
    tenant_id: UUID, member_id: UUID, code: str, occurred_at: datetime, key: str
) -> Earned:
    """A merchant-defined task (review, share, bind_wechat, ...) done by a member."""
    async with tenant_scope(tenant_id):
        member = await _active_member(member_id)
        await one_at_a_time(member.id)
        rules = [
            r
            for r in await active_rules(EarnRuleKind.EVENT, occurred_at)
            if r.config.get("code") == code
        ]
        if not rules:
            raise EarningError(
                EarningErrorCode.RULE_NOT_FOUND, f"No active rule for event {code!r}.", "code"
            )
        today = local_date(occurred_at, await zone_of(tenant_id))
        total, paid = 0, []
        for rule in rules:
            limit = rule.config.get("member_limit")
            done = await EarningEvent.filter(rule_id=rule.id, member_id=member.id).count()
            if limit is not None and done >= limit:
                continue
            paid.append((rule.id, f"event:{key}"))
            total += await _pay(
                tenant_id, member, rule, f"event:{key}", int(rule.config["points"]), today
            )
        if not paid:
            raise EarningError(
                EarningErrorCode.LIMIT_REACHED,
                f"The member has reached the limit of event {code!r}; nothing was recorded.",
                "code",
            )
        await member_did(tenant_id, member.id, Activity.EVENT, tuple(paid))
        return Earned(total)


async def award_birthdays(tenant_id: UUID, now: datetime | None = None) -> int:
    """Pay today's birthday bonuses (a daily job); returns how many members were paid."""
    now = now or utcnow()
    paid = 0
    async with tenant_scope(tenant_id):
        today = local_date(now, await zone_of(tenant_id))
        for rule in await active_rules(EarnRuleKind.BIRTHDAY, now):
            whole_month = bool(rule.config.get("whole_month"))
            members = await Member.filter(status=MemberStatus.ACTIVE, birthday__isnull=False)
            for member in members:
                assert member.birthday is not None  # noqa: S101 - filtered
                occasion = birthday_occasion(member.birthday, today, whole_month)
                if occasion and not await EarningEvent.exists(
                    rule_id=rule.id, member_id=member.id, occasion=occasion
                ):
                    standing = await tier_standing(member.id, birthday=True)
                    points = floor(int(rule.config["points"]) * standing.multiplier)
                    await _pay(tenant_id, member, rule, occasion, points, today)
                    paid += 1
    return paid


async def referral_code_of(tenant_id: UUID, member_id: UUID) -> str:
    """The member's referral code, made on first request."""
    async with tenant_scope(tenant_id):
        existing = await ReferralCode.get_or_none(member_id=member_id)
        if existing is not None:
            return existing.code
        for _ in range(5):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
            try:
                async with in_transaction():
                    await ReferralCode.create(code=code, tenant_id=tenant_id, member_id=member_id)
                return code
            except IntegrityError:
                continue
    raise RuntimeError("could not allocate a referral code")


async def apply_referral_code(tenant_id: UUID, member_id: UUID, code: str) -> None:
    """Link a member to the friend who referred them, before their first purchase."""
    async with tenant_scope(tenant_id):
        await _active_member(member_id)
        owner = await ReferralCode.get_or_none(code=code.strip().upper())
        if owner is None or owner.member_id == member_id:
            raise EarningError(
                EarningErrorCode.INVALID_REFERRAL_CODE, "Unknown referral code.", "code"
            )
        if await Referral.exists(referee_id=member_id) or await PurchaseRecord.exists(
            member_id=member_id
        ):
            raise EarningError(
                EarningErrorCode.NOT_ELIGIBLE,
                "Only new members without purchases can be referred.",
                "code",
            )
        await Referral.create(
            referee_id=member_id, tenant_id=tenant_id, referrer_id=owner.member_id
        )


async def reward_referral(tenant_id: UUID, referee: Member) -> None:
    """At the referee's first qualifying purchase, pay both sides; call in the tenant's scope."""
    referral = await Referral.select_for_update().get_or_none(
        referee_id=referee.id, rewarded_at__isnull=True
    )
    if referral is None:
        return
    referrer = await Member.get_or_none(id=referral.referrer_id)
    today = await _today(tenant_id)
    for rule in await active_rules(EarnRuleKind.REFERRAL, utcnow()):
        occasion = f"referral:{referee.id}"
        await _pay(
            tenant_id, referee, rule, occasion, int(rule.config.get("referee_points", 0)), today
        )
        if referrer is not None and referrer.status is MemberStatus.ACTIVE:
            await _pay(
                tenant_id,
                referrer,
                rule,
                occasion,
                int(rule.config.get("referrer_points", 0)),
                today,
            )
    referral.rewarded_at = utcnow()
    await referral.save(update_fields=["rewarded_at"])


async def _pay_all(tenant_id: UUID, member: Member, kind: EarnRuleKind, occasion: str) -> None:
    if member.status is MemberStatus.BLOCKED:
        return
    today = await _today(tenant_id)
    for rule in await active_rules(kind, utcnow()):
        if not await EarningEvent.exists(rule_id=rule.id, member_id=member.id, occasion=occasion):
            await _pay(tenant_id, member, rule, occasion, int(rule.config["points"]), today)


async def _pay(
    tenant_id: UUID,
    member: Member,
    rule: EarnRule,
    occasion: str,
    points: int,
    today: date,
    streak: int = 0,
) -> int:
    """Pay `points` (less any cap) for one occasion; ALREADY_EARNED if it was paid before."""
    if rule.budget_points is not None:
        # Budgeted rules are spent by concurrent payments: read the counter under a row lock.
        rule = await EarnRule.select_for_update().get(id=rule.id)
    points = min(points, await room_today(tenant_id, member.id, rule, today))
    try:
        async with in_transaction():
            await EarningEvent.create(
                tenant_id=tenant_id, member_id=member.id, rule_id=rule.id, occasion=occasion,
                local_date=today, points=points, streak=streak,
            )  # fmt: skip
    except IntegrityError as exc:
        raise EarningError(
            EarningErrorCode.ALREADY_EARNED, "Already earned for this.", None
        ) from exc
    if points <= 0:
        return 0
    if rule.budget_points is not None:
        await EarnRule.filter(id=rule.id).update(awarded_points=F("awarded_points") + points)
    metadata = {"rule_id": str(rule.id), "occasion": occasion}
    command = Award(member.id, points, rule.name, code=rule.kind.value, metadata=metadata)
    key = f"earn:{rule.id}:{member.id}:{occasion}"[:200]
    try:
        await post_journal(tenant_id, JournalRequest(command, EARNING_ACTOR, key))
    except LedgerError as refusal:
        raise into_domain(refusal, EarningError) from refusal
    await repay_debt(tenant_id, member.id)
    await evaluate(member.id, rule.name)
    return points


async def room_today(tenant_id: UUID, member_id: UUID, rule: EarnRule, today: date) -> int:
    """Points still allowed today by the rule's daily cap, the tenant's cap and the budget."""
    limits = []
    if rule.budget_points is not None:
        limits.append(rule.budget_points - rule.awarded_points)
    daily = rule.config.get("daily_cap_per_member")
    if daily is not None:
        limits.append(int(daily) - await _earned(member_id, today, rule.id))
    cap = (await _settings(tenant_id)).daily_points_cap
    if cap is not None:
        limits.append(cap - await _earned(member_id, today, None))
    return max(0, min(limits)) if limits else 2**53 - 1


async def _earned(member_id: UUID, today: date, rule_id: UUID | None) -> int:
    query = EarningEvent.filter(member_id=member_id, local_date=today)
    if rule_id is not None:
        query = query.filter(rule_id=rule_id)
    rows = await query.annotate(total=Sum("points")).values("total")
    return int(rows[0]["total"] or 0) if rows else 0


async def _active_member(member_id: UUID) -> Member:
    member = await Member.get_or_none(id=member_id)
    if member is None:
        raise EarningError(EarningErrorCode.MEMBER_NOT_FOUND, "No such member.", "memberId")
    if member.status is MemberStatus.BLOCKED:
        raise EarningError(
            EarningErrorCode.MEMBER_BLOCKED, "Blocked members earn nothing.", "memberId"
        )
    return member


async def active_rules(kind: EarnRuleKind, at: datetime) -> list[EarnRule]:
    rules = await EarnRule.filter(kind=kind, status=Status.ACTIVE).order_by("id")
    return [
        r
        for r in rules
        if (r.starts_at is None or r.starts_at <= at) and (r.ends_at is None or at < r.ends_at)
    ]


async def _one_rule(kind: EarnRuleKind) -> EarnRule:
    rules = await active_rules(kind, utcnow())
    if not rules:
        raise EarningError(EarningErrorCode.RULE_NOT_FOUND, f"No active {kind} rule.", None)
    return rules[0]


async def _settings(tenant_id: UUID) -> EarningSettings:
    return await EarningSettings.get(tenant_id=tenant_id)


async def _today(tenant_id: UUID) -> date:
    return local_date(utcnow(), await zone_of(tenant_id))
