"""Sign-up, profile, birthday, check-in, task and referral points, with their caps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import httpx
import pytest

from app.core.settings import Settings
from app.earning import occasion_awards
from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import EarnRuleKind
from app.earning.pricing import PurchaseRequest
from app.earning.programme import create_occasion_rule, update_settings
from app.earning.purchases import record_purchase
from app.earning.rules import Stacking
from app.earning.specs import OccasionRuleSpec, SettingsSpec
from app.ledger.reads import wallet_of
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

SCHEDULE = [5, 5, 10, 10, 15, 15, 30]


async def _tenant(client: httpx.AsyncClient) -> UUID:
    return UUID((await sign_up(client)).tenant_id)


async def _member(tenant: UUID, name: str, **profile: object) -> UUID:
    return (await occasion_awards.welcome_member(tenant, name, dict(profile))).member.id


async def _points(tenant: UUID, member: UUID) -> int:
    view = await wallet_of(tenant, member)
    return view.posted + view.pending_credit


async def _refused(work: object) -> EarningErrorCode:
    with pytest.raises(EarningError) as refusal:
        await work  # type: ignore[misc]
    code = refusal.value.code
    assert isinstance(code, EarningErrorCode)
    return code


async def test_sign_up_and_a_complete_profile_pay_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant = await _tenant(client)
    await create_occasion_rule(tenant, OccasionRuleSpec(EarnRuleKind.SIGNUP, "Welcome", points=100))
    await create_occasion_rule(
        tenant, OccasionRuleSpec(EarnRuleKind.PROFILE_COMPLETION, "Profile", points=50)
    )

    ann = await _member(tenant, "ann", display_name="Ann")
    after_signup = await _points(tenant, ann)
    full = {"email": "ann@example.com", "phone": "+8613800000000", "birthday": date(1990, 1, 2)}
    await occasion_awards.welcome_member(tenant, "ann", full)
    await occasion_awards.welcome_member(tenant, "ann", full)

    assert (after_signup, await _points(tenant, ann)) == (100, 150)
    await assert_ledger_ok(settings)


async def test_check_in_streak_repeats_and_resets(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant = await _tenant(client)
    await create_occasion_rule(
        tenant, OccasionRuleSpec(EarnRuleKind.CHECK_IN, "Daily", schedule=SCHEDULE)
    )
    ann = await _member(tenant, "ann")
    day = datetime(2026, 3, 1, 2, tzinfo=UTC)  # 10:00 in Shanghai

    earned = [
        await occasion_awards.check_in(tenant, ann, day + timedelta(days=n)) for n in range(3)
    ]
    again = await _refused(occasion_awards.check_in(tenant, ann, day + timedelta(days=2, hours=1)))
    after_gap = await occasion_awards.check_in(tenant, ann, day + timedelta(days=4))

    assert [(e.points, e.streak) for e in earned] == [(5, 1), (5, 2), (10, 3)]
    assert again is EarningErrorCode.ALREADY_EARNED
    assert (after_gap.points, after_gap.streak) == (5, 1)
    assert await _points(tenant, ann) == 25
    await assert_ledger_ok(settings)


async def test_a_day_starts_at_midnight_in_the_tenant_time_zone(client: httpx.AsyncClient) -> None:
    tenant = await _tenant(client)
    await create_occasion_rule(
        tenant, OccasionRuleSpec(EarnRuleKind.CHECK_IN, "Daily", schedule=SCHEDULE)
    )
    ann = await _member(tenant, "ann")
    before_midnight = datetime(2026, 3, 31, 15, 59, tzinfo=UTC)  # 23:59 in Shanghai

    first = await occasion_awards.check_in(tenant, ann, before_midnight)
    second = await occasion_awards.check_in(
        tenant, ann, before_midnight + timedelta(minutes=2)
    )  # 00:01

    assert (first.streak, second.streak) == (1, 2)


async def test_birthdays_pay_once_a_year_on_the_day_or_in_the_month(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant = await _tenant(client)
    await create_occasion_rule(
        tenant, OccasionRuleSpec(EarnRuleKind.BIRTHDAY, "Birthday", points=88)
    )
    ann = await _member(tenant, "ann", birthday=date(1990, 5, 17))
    leap = await _member(tenant, "leap", birthday=date(2000, 2, 29))
    may_17 = datetime(2026, 5, 17, 4, tzinfo=UTC)
    feb_28 = datetime(2027, 2, 28, 4, tzinfo=UTC)

    paid = [
        await occasion_awards.award_birthdays(tenant, may_17),
        await occasion_awards.award_birthdays(tenant, may_17),
    ]
    await occasion_awards.award_birthdays(tenant, may_17 + timedelta(days=1))
    await occasion_awards.award_birthdays(tenant, feb_28)

    assert paid == [1, 0]
    assert await _points(tenant, ann) == 88
    assert await _points(tenant, leap) == 88
    await assert_ledger_ok(settings)


async def test_tasks_pay_per_key_within_caps(client: httpx.AsyncClient, settings: Settings) -> None:
    tenant = await _tenant(client)
    await create_occasion_rule(
        tenant,
        OccasionRuleSpec(
            EarnRuleKind.EVENT,
            "Review",
            points=20,
            event_code="review",
            daily_cap_per_member=50,
            member_limit=4,
        ),
    )
    ann = await _member(tenant, "ann")
    now = datetime.now(UTC)

    paid = [
        (await occasion_awards.record_event(tenant, ann, "review", now, f"r{n}")).points
        for n in range(3)
    ]
    duplicate = await _refused(occasion_awards.record_event(tenant, ann, "review", now, "r0"))
    unknown = await _refused(occasion_awards.record_event(tenant, ann, "share", now, "s1"))
    tomorrow = await occasion_awards.record_event(
        tenant, ann, "review", now + timedelta(days=1), "r3"
    )
    over_limit = await _refused(
        occasion_awards.record_event(tenant, ann, "review", now + timedelta(days=1), "r4")
    )

    assert paid == [20, 20, 10]  # the daily cap of 50 trims the third
    assert (duplicate, unknown) == (
        EarningErrorCode.ALREADY_EARNED,
        EarningErrorCode.RULE_NOT_FOUND,
    )
    assert tomorrow.points == 20
    assert over_limit == EarningErrorCode.LIMIT_REACHED  # four reviews at most, said so
    assert await _points(tenant, ann) == 70
    await assert_ledger_ok(settings)


async def test_the_tenant_daily_cap_stops_farming(client: httpx.AsyncClient) -> None:
    tenant = await _tenant(client)
    await update_settings(tenant, SettingsSpec(7, Stacking.MULTIPLY, 30))
    await create_occasion_rule(
        tenant, OccasionRuleSpec(EarnRuleKind.EVENT, "Share", points=20, event_code="share")
    )
    ann = await _member(tenant, "ann")
    now = datetime.now(UTC)

    paid = [
        (await occasion_awards.record_event(tenant, ann, "share", now, f"s{n}")).points
        for n in range(3)
    ]

    assert paid == [20, 10, 0]


async def test_referral_pays_both_at_the_first_purchase_only(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant = await _tenant(client)
    await create_occasion_rule(
        tenant,
        OccasionRuleSpec(
            EarnRuleKind.REFERRAL, "Bring a friend", referrer_points=300, referee_points=100
        ),
    )
    ann = await _member(tenant, "ann")
    bob = await _member(tenant, "bob")
    code = await occasion_awards.referral_code_of(tenant, ann)

    own = await _refused(occasion_awards.apply_referral_code(tenant, ann, code))
    bad = await _refused(occasion_awards.apply_referral_code(tenant, bob, "NOPE1234"))
    await occasion_awards.apply_referral_code(tenant, bob, code.lower())
    twice = await _refused(occasion_awards.apply_referral_code(tenant, bob, code))
    before = await _points(tenant, ann)
    for number in (1, 2):
        purchase = PurchaseRequest(bob, None, f"B-{number}", 1_000, "CNY", (), datetime.now(UTC))
        await record_purchase(tenant, purchase, "test", f"buy-{number}")

    assert (own, bad, twice) == (
        EarningErrorCode.INVALID_REFERRAL_CODE,
        EarningErrorCode.INVALID_REFERRAL_CODE,
        EarningErrorCode.NOT_ELIGIBLE,
    )
    assert (before, await _points(tenant, ann)) == (0, 300)
    assert await _points(tenant, bob) == 100 + 10 + 10
    await assert_ledger_ok(settings)
