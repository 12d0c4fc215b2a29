"""Merchant analytics: every figure is what the ledger holds, checked against the transfers."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from app.analytics.rollups import compact_rollups
from app.core.settings import Settings
from app.ledger.expiry import expire_due_points
from tests.api.graphql import gql, post
from tests.api.operations.analytics import (
    ANALYTICS,
    AT_RISK,
    CAMPAIGNS,
    MEMBERS,
    RECOMMENDED,
    REWARDS,
    SHANGHAI,
    analytics,
    days,
    from_transfers,
    owner_sql,
    refusal,
    today,
)
from tests.api.operations.earning import CAMPAIGN, SETTINGS, order, record, refund
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import SOON, age_lots, award, deduct
from tests.api.operations.tenancy import (
    CREATE_STAFF,
    LOGIN,
    PASSWORD,
    Merchant,
    create_api_key,
    sign_up,
)
from tests.ledger_check import ROLLUP_CHECK, assert_ledger_ok, ledger_report

REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id } userErrors { code } } }"""
CANCEL = """mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { userErrors { code } } }"""


async def _reward(client: httpx.AsyncClient, token: str, name: str, **values: Any) -> str:
    data = await gql(client, REWARD, {"i": {"type": "SERVICE", "name": name, **values}}, token)
    reward_id: str = data["createReward"]["reward"]["id"]
    return reward_id


async def _redeem(client: httpx.AsyncClient, token: str, reward_id: str) -> str:
    values = {"rewardId": reward_id, "idempotencyKey": secrets.token_hex(8)}
    payload = (await gql(client, REDEEM, {"i": values}, token))["redeemReward"]
    assert payload["userErrors"] == []
    order_id: str = payload["order"]["id"]
    return order_id


async def _no_return_window(client: httpx.AsyncClient, merchant: Merchant) -> None:
    values = {"returnWindowDays": 0, "stacking": "MULTIPLY"}
    await gql(client, SETTINGS, {"input": values}, merchant.access_token)


def _sources(flows: dict[str, Any]) -> dict[str, int]:
    return {line["source"]: line["points"] for line in flows["issuedBySource"]}


async def test_a_days_figures_are_the_ledgers_to_the_point(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant (100 points = 1 CNY) whose purchases post at once, and two members
    merchant = await sign_up(client)
    owner, tenant = merchant.access_token, UUID(merchant.tenant_id)
    await _no_return_window(client, merchant)
    ann = await new_member(client, owner, "ann")
    bob = await new_member(client, owner, "bob")
    reward = await _reward(client, owner, "Latte", pricePoints=200, stock=5)
    ann_token = await member_token(client, owner, ann)

    # when: 1,000 awarded to ann (silver from then on: x1.2), 500 to bob that expire, a 100 CNY
    # purchase (120 points), 300 deducted, a 200-point order cancelled, another kept, and 50 CNY
    # refunded (60 points taken back)
    await award(client, owner, ann, 1_000)
    await award(client, owner, bob, 500, expiresAt=SOON)
    await age_lots(settings, bob)
    assert await expire_due_points(tenant) == 1
    bought = await record(client, owner, order(ann, 10_000))
    await deduct(client, owner, ann, 300)
    cancelled = await _redeem(client, ann_token, reward)
    cancel = {"orderId": cancelled, "reason": "changed mind"}
    assert (await gql(client, CANCEL, {"i": cancel}, ann_token))["cancelOrder"]["userErrors"] == []
    await _redeem(client, ann_token, reward)
    await refund(client, owner, bought["purchase"]["orderId"], 5_000)
    report = await analytics(client, owner, today())

    # then 1,620 issued (1,500 by hand, 120 by purchase), 500 redeemed net of the 200 returned,
    # 500 expired, 60 clawed back, and members hold 560 (5.60 CNY)
    totals = report["totals"]
    assert _sources(totals) == {"MANUAL": 1_500, "PURCHASE": 120}
    assert (totals["issued"], totals["redeemed"], totals["returned"]) == (1_620, 500, 200)
    assert (totals["expired"], totals["adjusted"], totals["exchangedOut"]) == (500, 60, 0)
    assert totals["net"] == 560
    assert report["liability"] == {"points": 560, "value": {"amount": 560, "currency": "CNY"}}
    assert (report["currency"], report["timeZone"], report["pendingPoints"]) == (
        "STAR",
        "Asia/Shanghai",
        0,
    )
    assert report["breakageRate"] == {"part": 500, "whole": 1_620, "basisPoints": 3_086}
    assert report["redemptionRate"] == {"part": 500, "whole": 1_620, "basisPoints": 3_086}
    (bucket,) = report["buckets"]
    assert (bucket["flows"], bucket["closingLiability"], bucket["newMembers"]) == (
        totals,
        {"points": 560},
        2,
    )
    # and the same figures come straight out of the transfers
    direct = await from_transfers(settings, merchant.tenant_id, today())
    assert (direct["issued"], direct["redeemed"], direct["returned"]) == (1_620, 500, 200)
    assert (direct["expired"], direct["adjusted"], direct["held"]) == (500, 60, 560)
    await assert_ledger_ok(settings)


async def test_buckets_close_at_the_liability_the_ledger_held_then(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given 50 points awarded two days ago, 30 spent yesterday, 100 awarded today
    merchant = await sign_up(client)
    owner, tenant = merchant.access_token, UUID(merchant.tenant_id)
    ann = await new_member(client, owner, "ann")
    old = (await award(client, owner, ann, 50))["journalId"]
    spent = (await deduct(client, owner, ann, 30))["journalId"]
    await award(client, owner, ann, 100)
    await owner_sql(settings, "ALTER TABLE transfer DISABLE TRIGGER transfer_append_only")
    for journal, age in ((old, 2), (spent, 1)):
        await owner_sql(
            settings,
            "UPDATE transfer SET created_at = created_at - make_interval(days => $2)"
            " WHERE journal_id = $1",
            UUID(journal),
            age,
        )
    await owner_sql(settings, "ALTER TABLE transfer ENABLE TRIGGER transfer_append_only")
    await owner_sql(settings, "SELECT analytics_rollup_rebuild($1)", tenant)

    # when the last three days are asked for, by day and as one week-or-two, and again once
    # the compaction job has folded the past days into one row each
    first = today() - timedelta(days=2)
    by_day = await analytics(client, owner, first, today())
    by_week = await analytics(client, owner, first, today(), g="WEEK")
    assert await compact_rollups(tenant) > 0
    assert await analytics(client, owner, first, today()) == by_day

    # then each day closes where the ledger stood, and the days add up to the weeks
    closing = [b["closingLiability"]["points"] for b in by_day["buckets"]]
    assert closing == [50, 20, 120]
    assert [b["flows"]["net"] for b in by_day["buckets"]] == [50, -30, 100]
    assert [b["newMembers"] for b in by_day["buckets"]] == [0, 0, 1]
    assert by_week["totals"] == by_day["totals"]
    assert by_week["buckets"][-1]["closingLiability"] == {"points": 120}
    for index, day in enumerate(b["from"] for b in by_day["buckets"]):
        direct = await from_transfers(settings, merchant.tenant_id, first, first + timedelta(index))
        assert direct["issued"] - direct["redeemed"] == closing[index], day
    await assert_ledger_ok(settings)


async def test_a_rollup_that_drifts_from_the_ledger_fails_ledger_verify(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant's figures, verified
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await award(client, merchant.access_token, ann, 40)
    await assert_ledger_ok(settings)

    # when a rollup row is edited by hand
    edit = (
        "UPDATE analytics_rollup SET amount = amount + $2 WHERE tenant_id = $1"
        " AND metric = 'points'"
    )
    await owner_sql(settings, edit, UUID(merchant.tenant_id), 1)
    try:
        report = await ledger_report(settings)
    finally:
        await owner_sql(settings, edit, UUID(merchant.tenant_id), -1)

    # then ledger verify names it
    assert report.violations[ROLLUP_CHECK] == [
        "points ISSUED:MANUAL before infinity: count off by 0, amount by 1"
    ]
    assert not report.ok


async def test_members_rewards_and_hours(client: httpx.AsyncClient, settings: Settings) -> None:
    # given three members, two of whom earn, and orders of two rewards, one cancelled
    merchant = await sign_up(client)
    owner = merchant.access_token
    members = [await new_member(client, owner, name) for name in ("ann", "bob", "cy")]
    mug = await _reward(client, owner, "Mug", pricePoints=300, stock=10)
    tea = await _reward(client, owner, "Tea", pricePoints=100, stock=10)
    for member in members[:2]:
        await award(client, owner, member, 1_000)
    ann_token = await member_token(client, owner, members[0])
    bob_token = await member_token(client, owner, members[1])
    await _redeem(client, ann_token, mug)
    for _ in range(2):
        await _redeem(client, bob_token, tea)
    cancelled = await _redeem(client, bob_token, tea)
    await gql(client, CANCEL, {"i": {"orderId": cancelled}}, bob_token)

    # when the merchant asks about members and rewards today
    people = (await gql(client, MEMBERS, {"r": days(today())}, owner))["analytics"]["members"]
    by_orders = (await gql(client, REWARDS, {"r": days(today())}, owner))["analytics"]
    variables = {"r": days(today()), "by": "POINTS"}
    by_points = (await gql(client, REWARDS, variables, owner))["analytics"]["topRewards"]

    # then: 3 members, 2 active (and silver since their awards), one in the lowest tier; tea
    # leads by orders, mug by points
    assert (people["total"], people["active"], people["new"]) == (3, 2, 3)
    assert people["byTier"][:2] == [
        {"name": "普通", "members": 1},
        {"name": "银卡", "members": 2},
    ]
    assert sum(tier["members"] for tier in people["byTier"]) == 3
    assert by_orders["topRewards"] == [
        {"name": "Tea", "redemptions": 2, "points": 200},
        {"name": "Mug", "redemptions": 1, "points": 300},
    ]
    assert [r["name"] for r in by_points] == ["Mug", "Tea"]
    now = datetime.now(SHANGHAI)
    hours = {
        h["hour"]: h["redemptions"] for h in by_orders["redemptionsByHour"] if h["redemptions"]
    }
    weekdays = [d["redemptions"] for d in by_orders["redemptionsByWeekday"]]
    assert len(by_orders["redemptionsByHour"]) == 24
    # (an hour may turn between the orders and the clock read here)
    assert set(hours) <= {now.hour, (now.hour - 1) % 24}
    assert sum(hours.values()) == 3
    assert sum(weekdays) == 3
    await assert_ledger_ok(settings)


async def test_campaign_results_name_the_purchases_and_their_points(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a double-points campaign and two purchases of 100 and 40 CNY
    merchant = await sign_up(client)
    owner = merchant.access_token
    await _no_return_window(client, merchant)
    now = datetime.now(UTC)
    campaign = {
        "name": "Double eleven",
        "kind": "MULTIPLIER",
        "multiplier": "2",
        "startsAt": (now - timedelta(days=1)).isoformat(),
        "endsAt": (now + timedelta(days=1)).isoformat(),
    }
    assert (await gql(client, CAMPAIGN, {"input": {"campaign": campaign}}, owner))[
        "createCampaign"
    ]["userErrors"] == []
    ann = await new_member(client, owner, "ann")
    await record(client, owner, order(ann, 10_000))
    await record(client, owner, order(ann, 4_000))

    # when the merchant asks for campaign results
    data = await gql(client, CAMPAIGNS, {"r": days(today())}, owner)
    totals = (await analytics(client, owner, today()))["totals"]

    # then the campaign doubled 2 purchases (140 more points) worth 140 CNY
    assert data["analytics"]["campaigns"] == [
        {
            "name": "Double eleven",
            "purchases": 2,
            "points": 140,
            "sales": [{"amount": 14_000, "currency": "CNY"}],
        }
    ]
    assert _sources(totals) == {"PURCHASE": 280}
    await assert_ledger_ok(settings)


async def test_concurrent_earning_and_spending_keep_every_figure_exact(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given ten funded members and a reward in stock
    merchant = await sign_up(client)
    owner, tenant = merchant.access_token, UUID(merchant.tenant_id)
    members = [await new_member(client, owner, f"m{n}") for n in range(10)]
    tokens = [await member_token(client, owner, m) for m in members]
    reward = await _reward(client, owner, "Cake", pricePoints=40, stock=12)
    await asyncio.gather(*(award(client, owner, m, 100) for m in members))

    # when awards, deductions and 20 orders for 12 cakes race, and the rollups are compacted
    values = {"rewardId": reward}
    orders = [
        gql(client, REDEEM, {"i": values | {"idempotencyKey": secrets.token_hex(8)}}, token)
        for token in tokens * 2
    ]
    moves = [award(client, owner, m, 7) for m in members] + [
        deduct(client, owner, m, 5) for m in members
    ]
    # (and a new member's first points arrive ten at once: one wallet becomes active once)
    fresh = await new_member(client, owner, "fresh")
    firsts = [award(client, owner, fresh, 1) for _ in range(10)]
    await asyncio.gather(*orders, *moves, *firsts)
    before = await analytics(client, owner, today())
    await compact_rollups(tenant, before=datetime.now(UTC) + timedelta(hours=1))
    after = await analytics(client, owner, today())

    # then 12 cakes were sold, and the figures equal the transfers before and after compaction
    direct = await from_transfers(settings, merchant.tenant_id, today())
    assert before == after
    assert (before["totals"]["issued"], before["totals"]["redeemed"]) == (1_080, 12 * 40 + 50)
    assert (direct["issued"], direct["redeemed"]) == (1_080, 530)
    assert before["liability"]["points"] == direct["held"] == 1_080 - 530
    await assert_ledger_ok(settings)


async def test_who_may_ask_and_what_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant with activity, its staff, a member, an API key, and another merchant
    merchant = await sign_up(client)
    other = await sign_up(client)
    owner = merchant.access_token
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 70)
    email = f"viewer@{merchant.slug}.example.com"
    values = {"email": email, "password": PASSWORD, "role": "VIEWER"}
    await gql(client, CREATE_STAFF, {"input": values}, owner)
    login = await gql(client, LOGIN, {"input": {"email": email, "password": PASSWORD}})
    callers = {
        "anonymous": None,
        "member": await member_token(client, owner, ann),
        "key without POINTS_READ": await create_api_key(client, merchant, ["MEMBERS_READ"]),
        "key with POINTS_READ": await create_api_key(client, merchant, ["POINTS_READ"]),
        "viewer": login["login"]["session"]["accessToken"],
    }
    expected = {
        "anonymous": "UNAUTHENTICATED",
        "member": "FORBIDDEN",
        "key without POINTS_READ": "FORBIDDEN",
        "key with POINTS_READ": "OK",
        "viewer": "OK",
    }
    range_ = {"r": days(today())}

    # then each caller gets what its role allows
    for name, code in expected.items():
        assert await refusal(client, ANALYTICS, range_, callers[name]) == code, name
    # and the other questions are closed to anonymous callers too
    closed: list[tuple[str, dict[str, Any]]] = [
        (AT_RISK, {"days": 30}),
        (RECOMMENDED, {"member": ann}),
        (MEMBERS, range_),
    ]
    for document, asked in closed:
        assert await refusal(client, document, asked, None) == "UNAUTHENTICATED"
    # and another merchant's staff sees its own (empty) books, never this one's
    theirs = await analytics(client, other.access_token, today())
    assert (theirs["totals"]["issued"], theirs["liability"]["points"]) == (0, 0)
    # and questions asked wrongly are refused with a code
    long_ago = today() - timedelta(days=4 * 366)
    cases: list[tuple[str, dict[str, Any], str]] = [
        (ANALYTICS, {"r": days(today(), today() - timedelta(days=1))}, "INVALID_RANGE"),
        (ANALYTICS, {"r": days(long_ago, today())}, "RANGE_TOO_LONG"),
        (MEMBERS, {"r": days(today()), "d": 0}, "INVALID_ARGUMENT"),
    ]
    for document, variables, code in cases:
        assert await refusal(client, document, variables, owner) == code, variables
    # and malformed values never reach a resolver (400: the request was not executed)
    malformed: list[dict[str, Any]] = [
        {"r": {"from": "2026-13-01", "to": "2026-12-01"}},
        {"r": range_["r"], "g": "YEAR"},
    ]
    for values in malformed:
        response = await post(client, ANALYTICS, values, owner)
        assert response.status_code == 400
        assert "data" not in response.json()
    await assert_ledger_ok(settings)
