"""Tiers: upgrade in the transaction that posts the points (never on a read), multiplied
earning, review with grace, overrides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import httpx

from app.core.settings import Settings
from app.earning import occasion_awards
from app.earning.models import EarnRuleKind
from app.earning.pricing import PurchaseRequest
from app.earning.programme import create_occasion_rule
from app.earning.purchases import record_purchase
from app.earning.specs import OccasionRuleSpec
from app.tiers.models import Basis, Window
from app.tiers.service import (
    list_tiers,
    review_tiers,
    set_member_tier,
    tier_history,
    tier_status,
    update_policy,
)
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql
from tests.api.operations.members import member_token
from tests.api.operations.points import award
from tests.api.operations.tenancy import sign_up


async def _shop(client: httpx.AsyncClient) -> tuple[UUID, UUID, dict[str, UUID], str]:
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    member = (await occasion_awards.welcome_member(tenant, "ann", {})).member.id
    tiers = {tier.name: tier.id for tier in await list_tiers(tenant)}
    await create_occasion_rule(
        tenant, OccasionRuleSpec(EarnRuleKind.EVENT, "Big task", points=1_200, event_code="big")
    )
    return tenant, member, tiers, merchant.access_token


async def test_a_member_upgrades_as_soon_as_they_qualify(client: httpx.AsyncClient) -> None:
    tenant, ann, tiers, _ = await _shop(client)
    assert (await tier_status(tenant, ann)).tier.name == "普通"

    await occasion_awards.record_event(tenant, ann, "big", datetime.now(UTC), "e1")

    status = await tier_status(tenant, ann)
    assert (status.tier.name, status.progress, status.needed) == ("银卡", 1_200, 3_800)
    assert status.next_tier is not None
    assert status.next_tier.name == "金卡"
    history = await tier_history(tenant, ann)
    assert [(c.to_tier_id, c.reason) for c in history] == [(tiers["银卡"], "Big task")]


async def test_higher_tiers_earn_more_on_purchases(client: httpx.AsyncClient) -> None:
    tenant, ann, _, _ = await _shop(client)
    await occasion_awards.record_event(
        tenant, ann, "big", datetime.now(UTC), "e1"
    )  # now 银卡, x1.2

    recorded = await record_purchase(
        tenant,
        PurchaseRequest(ann, None, "T-1", 10_000, "CNY", (), datetime.now(UTC)),
        "test",
        "t1",
    )

    lines = [
        (line["source"], line["label"], line["points"]) for line in recorded.purchase.breakdown
    ]
    assert lines == [("RULE", "1 point per 1 CNY", 100), ("TIER", "银卡 x1.2", 20)]


async def test_review_moves_down_only_after_the_grace_period(client: httpx.AsyncClient) -> None:
    tenant, ann, _, _ = await _shop(client)
    await occasion_awards.record_event(tenant, ann, "big", datetime.now(UTC), "e1")
    later = datetime.now(UTC) + timedelta(days=400)  # the points left the 12-month window

    first = await review_tiers(tenant, later)
    within_grace = await review_tiers(tenant, later + timedelta(days=29))
    after_grace = await review_tiers(tenant, later + timedelta(days=30))

    assert (first, within_grace, after_grace) == (0, 0, 1)
    assert (await tier_status(tenant, ann, later + timedelta(days=30))).tier.name == "普通"


async def test_an_override_lasts_until_its_date(client: httpx.AsyncClient) -> None:
    tenant, ann, tiers, _ = await _shop(client)
    until = datetime.now(UTC) + timedelta(days=10)

    await set_member_tier(tenant, ann, tiers["钻石"], until, "VIP guest")

    assert (await tier_status(tenant, ann)).tier.name == "钻石"
    assert (await tier_status(tenant, ann, until + timedelta(seconds=1))).tier.name == "普通"
    assert (await tier_history(tenant, ann))[0].reason == "Override: VIP guest"


async def test_spending_basis_counts_money_not_points(client: httpx.AsyncClient) -> None:
    tenant, ann, _, _ = await _shop(client)
    await update_policy(tenant, Basis.FIAT_SPENT, Window.CALENDAR_YEAR, 12, 30)

    await record_purchase(
        tenant, PurchaseRequest(ann, None, "S-1", 1_500, "CNY", (), datetime.now(UTC)), "test", "s1"
    )

    status = await tier_status(tenant, ann)
    assert (status.tier.name, status.progress) == ("银卡", 1_500)


async def test_a_member_sees_their_progress(client: httpx.AsyncClient) -> None:
    _tenant, ann, _, owner = await _shop(client)
    token = await member_token(client, owner, str(ann))

    data = await gql(
        client, "{ me { tier { tier { name rank } needed nextTier { name } } } }", token=token
    )

    assert data["me"]["tier"] == {
        "tier": {"name": "普通", "rank": 0},
        "needed": 1000,
        "nextTier": {"name": "银卡"},
    }


async def _tier_rows(settings: Settings, member: UUID) -> tuple[int, int]:
    """(member_tier rows, tier_change rows) of a member, read as the owner."""
    rows = await owner_sql(
        settings,
        "SELECT ARRAY[(SELECT count(*) FROM member_tier WHERE member_id = $1),"
        " (SELECT count(*) FROM tier_change WHERE member_id = $1)]",
        member,
    )
    return int(rows[0]), int(rows[1])


async def test_an_award_upgrades_at_once_and_the_next_purchase_earns_the_new_multiplier(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a member of the entry tier (silver needs 1,000 points earned)
    tenant, ann, tiers, owner = await _shop(client)

    # when staff award 1,200 points (the group commit path), and nothing reads her tier
    await award(client, owner, str(ann), 1_200)

    # then she is silver already, with the history and the event written by the award
    history = await tier_history(tenant, ann)
    assert [(c.to_tier_id, c.reason) for c in history] == [(tiers["银卡"], "test awardPoints")]
    # and the very next purchase (the one the lazy upgrade missed) earns silver's x1.2
    recorded = await record_purchase(
        tenant,
        PurchaseRequest(ann, None, "L-1", 10_000, "CNY", (), datetime.now(UTC)),
        "test",
        "l1",
    )
    assert [line["source"] for line in recorded.purchase.breakdown] == ["RULE", "TIER"]
    assert recorded.purchase.points == 120


async def test_a_purchase_posted_at_once_upgrades_in_its_own_transaction(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant, ann, tiers, owner = await _shop(client)
    await gql(
        client,
        "mutation { updateEarningSettings(input: {returnWindowDays: 0, stacking: BEST_OF}) {"
        " userErrors { code } } }",
        token=owner,
    )

    first = await record_purchase(
        tenant,
        PurchaseRequest(ann, None, "P-1", 100_000, "CNY", (), datetime.now(UTC)),
        "test",
        "p1",
    )
    second = await record_purchase(
        tenant,
        PurchaseRequest(ann, None, "P-2", 10_000, "CNY", (), datetime.now(UTC)),
        "test",
        "p2",
    )

    assert first.purchase.points == 1_000
    assert [c.to_tier_id for c in await tier_history(tenant, ann)] == [tiers["银卡"]]
    assert second.purchase.points == 120


async def test_reading_a_tier_writes_nothing(client: httpx.AsyncClient, settings: Settings) -> None:
    tenant, ann, _, owner = await _shop(client)
    token = await member_token(client, owner, str(ann))
    before = await _tier_rows(settings, ann)

    for _ in range(2):
        await gql(client, "{ me { tier { tier { name } progress needed } } }", token=token)
        await tier_status(tenant, ann)

    assert await _tier_rows(settings, ann) == before
