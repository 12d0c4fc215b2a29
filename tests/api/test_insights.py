"""Members to win back, rewards to suggest, the operator's view, and CSV exports."""

from __future__ import annotations

import csv
import io
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from app.analytics.exports import ExportKind, export_pages
from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.analytics import (
    AT_RISK,
    RECOMMENDED,
    days,
    owner_sql,
    refusal,
)
from tests.api.operations.exchange import execute, quote, two_shops
from tests.api.operations.members import member_token, new_member, upsert
from tests.api.operations.points import award
from tests.api.operations.tenancy import create_api_key, sign_up
from tests.ledger_check import assert_ledger_ok

REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id } userErrors { code } } }"""
TIERS = "{ tiers { id name rank } }"
LIABILITIES = """query($first: Int! = 100, $after: String) {
  merchantLiabilities(first: $first, after: $after) {
    nodes { tenantId currency liability { points value { amount currency } } }
    pageInfo { hasNextPage endCursor } } }"""
PLATFORM = """query($r: DateRangeInput!) { platformAnalytics(range: $r) {
  exchangeVolumes { fromCurrency toCurrency exchanges pointsIn pointsOut fee { amount } }
  spreadRevenue { amount currency } settlement { batches } } }"""


async def _reward(client: httpx.AsyncClient, token: str, name: str, **values: Any) -> str:
    data = await gql(client, REWARD, {"i": {"type": "SERVICE", "name": name, **values}}, token)
    reward_id: str = data["createReward"]["reward"]["id"]
    return reward_id


async def _redeem(client: httpx.AsyncClient, token: str, reward_id: str) -> None:
    values = {"rewardId": reward_id, "idempotencyKey": secrets.token_hex(8)}
    assert (await gql(client, REDEEM, {"i": values}, token))["redeemReward"]["userErrors"] == []


async def _idle(settings: Settings, member_id: str, days_ago: int) -> None:
    """The member last earned or spent `days_ago` days ago (a hand edit, so the tenant's
    rollups are rebuilt after it)."""
    tenant = await owner_sql(
        settings,
        "UPDATE account SET last_activity_at = now() - make_interval(days => $2)"
        " WHERE owner_id = $1 AND kind = 'MEMBER_WALLET' RETURNING tenant_id",
        UUID(member_id),
        days_ago,
    )
    await owner_sql(settings, "SELECT analytics_rollup_rebuild($1)", tenant)


async def test_members_with_points_and_no_activity_are_listed_for_recall(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given ann (500, idle 100 days, 200 of it expiring in 10 days), bob (5, idle), cy and
    # dee (idle 95 days), and eve (300, active)
    merchant = await sign_up(client)
    owner = merchant.access_token
    soon = (datetime.now(UTC) + timedelta(days=10)).isoformat()
    funded = {"ann": 300, "bob": 5, "cy": 40, "dee": 60, "eve": 300}
    ids = {name: await new_member(client, owner, name) for name in funded}
    for name, points in funded.items():
        await award(client, owner, ids[name], points)
    await award(client, owner, ids["ann"], 200, expiresAt=soon)
    for name, idle in (("ann", 100), ("bob", 100), ("cy", 95), ("dee", 95)):
        await _idle(settings, ids[name], idle)

    # when the merchant asks for members idle 90 days holding 10 or more, two at a time
    first = (await gql(client, AT_RISK, {"days": 90, "min": 10, "first": 2}, owner))[
        "atRiskMembers"
    ]
    cursor = first["page"]["pageInfo"]["endCursor"]
    variables = {"days": 90, "min": 10, "first": 2, "after": cursor}
    second = (await gql(client, AT_RISK, variables, owner))["atRiskMembers"]

    # then ann, cy and dee, in a stable order over two pages, with ann's expiring points
    nodes = first["page"]["nodes"] + second["page"]["nodes"]
    assert [n["externalId"] for n in nodes] == ["ann", "cy", "dee"]
    assert (
        first["page"]["pageInfo"]["hasNextPage"],
        second["page"]["pageInfo"]["hasNextPage"],
    ) == (
        True,
        False,
    )
    ann = nodes[0]
    assert (ann["available"], ann["expiringPoints"]) == (500, 200)
    assert ann["nextExpiry"][:10] == soon[:10]
    assert (first["totalCount"], first["totalPoints"]) == (3, 600)
    # and questions asked wrongly are refused
    for variables, code in (
        ({"days": 0}, "INVALID_ARGUMENT"),
        ({"days": 90, "min": 0}, "INVALID_ARGUMENT"),
        ({"days": 90, "first": 101}, "BAD_USER_INPUT"),
        ({"days": 90, "after": "not-a-cursor"}, "BAD_USER_INPUT"),
    ):
        assert await refusal(client, AT_RISK, variables, owner) == code, variables
    member = await member_token(client, owner, ids["eve"])
    assert await refusal(client, AT_RISK, {"days": 90}, member) == "FORBIDDEN"
    await assert_ledger_ok(settings)


async def test_recommendations_follow_the_tier_and_leave_out_what_cannot_be_redeemed(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given rewards: cheap (100), popular (600), dear (1,000), sold out, gold only, once each
    merchant = await sign_up(client)
    owner = merchant.access_token
    gold = next(t["id"] for t in (await gql(client, TIERS, token=owner))["tiers"] if t["rank"] == 2)
    await _reward(client, owner, "Cheap", pricePoints=100, stock=10)
    popular = await _reward(client, owner, "Popular", pricePoints=600, stock=10)
    await _reward(client, owner, "Dear", pricePoints=1_000, stock=10)
    await _reward(client, owner, "Sold out", pricePoints=100, stock=0)
    await _reward(client, owner, "Gold only", pricePoints=100, stock=10, minTierId=gold)
    once = await _reward(client, owner, "Once", pricePoints=50, stock=10, perMemberLimit=1)
    # and two members of ann's tier who each redeemed the popular one
    for name in ("bob", "cy"):
        member = await new_member(client, owner, name)
        await award(client, owner, member, 600)
        await _redeem(client, await member_token(client, owner, member), popular)
    # and ann, who used her one "Once" and holds 500
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 550)
    ann_token = await member_token(client, owner, ann)
    await _redeem(client, ann_token, once)

    # when ann asks, and staff ask for her
    mine = (await gql(client, RECOMMENDED, token=ann_token))["recommendedRewards"]
    staff = (await gql(client, RECOMMENDED, {"member": ann}, owner))["recommendedRewards"]

    # then the popular one she nearly affords (100 short) first, then the cheap one
    assert [
        (r["reward"]["name"], r["affordable"], r["pointsShort"], r["tierRedemptions"]) for r in mine
    ] == [
        ("Popular", False, 100, 2),
        ("Cheap", True, 0, 0),
    ]
    assert mine[0]["reward"]["blocker"] == "INSUFFICIENT_POINTS"
    assert mine[1]["reward"]["canRedeem"] is True
    assert staff == mine
    # and another merchant cannot ask about her
    other = await sign_up(client)
    assert await refusal(client, RECOMMENDED, {"member": ann}, other.access_token) == (
        "MEMBER_NOT_FOUND"
    )
    assert await refusal(client, RECOMMENDED, {"first": 0}, ann_token) == "INVALID_ARGUMENT"
    await assert_ledger_ok(settings)


async def test_the_operator_sees_liabilities_exchanges_and_spread(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given ACME and BETA at 1 PLAT per point with 100 bps spread each, and an exchange
    world = await two_shops(client, ("0.01", 100), ("0.01", 100), acme_points=5_000)
    acme, beta = world.acme, world.beta
    offer = await quote(client, acme.member_token, acme.code, beta.code, 1_000)
    done = await execute(client, acme.member_token, offer["quote"]["id"])
    assert done["userErrors"] == []

    # when the operator asks
    liabilities: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql(client, LIABILITIES, {"after": after}, world.operator))[
            "merchantLiabilities"
        ]
        liabilities += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    utc_today = datetime.now(UTC).date()
    report = (await gql(client, PLATFORM, {"r": days(utc_today)}, world.operator))[
        "platformAnalytics"
    ]

    # then ACME's members hold 4,000 and BETA's what the exchange paid out
    held = {row["tenantId"]: row["liability"]["points"] for row in liabilities}
    assert held[acme.merchant.tenant_id] == 4_000
    paid_out = offer["quote"]["amountOut"]
    assert held[beta.merchant.tenant_id] == paid_out
    pair = next(
        p
        for p in report["exchangeVolumes"]
        if (p["fromCurrency"], p["toCurrency"]) == (acme.code, beta.code)
    )
    assert (pair["exchanges"], pair["pointsIn"], pair["pointsOut"]) == (1, 1_000, paid_out)
    start = datetime.combine(utc_today, datetime.min.time(), UTC)
    spread = await owner_sql(
        settings,
        "SELECT sum(amount_minor) FROM obligation WHERE kind = 'SPREAD'"
        " AND created_at >= $1 AND created_at < $1 + interval '1 day'",
        start,
    )
    assert report["spreadRevenue"] == [{"amount": spread, "currency": "CNY"}]
    # and merchants may not ask
    assert await refusal(client, PLATFORM, {"r": days(utc_today)}, acme.merchant.access_token) == (
        "FORBIDDEN"
    )
    await assert_ledger_ok(settings)


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


async def test_exports_stream_members_ledger_and_orders(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given two members (one whose name a spreadsheet would run), points and an order
    merchant = await sign_up(client)
    owner, tenant = merchant.access_token, UUID(merchant.tenant_id)
    ann = await new_member(client, owner, "ann")
    mallory = (await upsert(client, owner, externalId="mal", displayName="=HYPERLINK(1)"))[
        "member"
    ]["id"]
    await award(client, owner, ann, 300)
    await award(client, owner, mallory, 10)
    reward = await _reward(client, owner, "Mug", pricePoints=100, stock=3)
    await _redeem(client, await member_token(client, owner, ann), reward)
    auth = {"authorization": f"Bearer {owner}"}

    # when the owner downloads each export
    members = await client.get("/exports/members.csv", headers=auth)
    ledger = await client.get("/exports/ledger.csv", headers=auth)
    orders = await client.get("/exports/orders.csv", headers=auth)

    # then each is a CSV of the tenant's rows, a header first
    assert members.headers["content-type"].startswith("text/csv")
    rows = _csv(members.text)
    assert rows[0][:3] == ["member_id", "external_id", "display_name"]
    by_id = {row[1]: row for row in rows[1:]}
    assert set(by_id) == {"ann", "mal"}
    assert by_id["mal"][2] == "'=HYPERLINK(1)"
    assert by_id["ann"][rows[0].index("available")] == "200"
    ledger_rows = _csv(ledger.text)
    assert [row[ledger_rows[0].index("category")] for row in ledger_rows[1:]] == [
        "ISSUED:MANUAL",
        "ISSUED:MANUAL",
        "REDEEMED",
    ]
    order_rows = _csv(orders.text)
    assert [
        (r[order_rows[0].index("reward_name")], r[order_rows[0].index("points")])
        for r in order_rows[1:]
    ] == [("Mug", "100")]
    # and pages join up: two rows a page gives the same rows
    paged = [row async for page in export_pages(tenant, ExportKind.LEDGER, 2) for row in page]
    assert paged == ledger_rows[1:]
    # and only staff with ADMIN, or keys with the scope, may export
    member = await member_token(client, owner, ann)
    key = await create_api_key(client, merchant, ["MEMBERS_READ"])
    for token, path, status in (
        (None, "members", 401),
        ("forged.token.value", "members", 401),
        (member, "members", 403),
        (key, "ledger", 403),
        (key, "members", 200),
    ):
        headers = {"authorization": f"Bearer {token}"} if token else {}
        assert (await client.get(f"/exports/{path}.csv", headers=headers)).status_code == status
    await assert_ledger_ok(settings)
