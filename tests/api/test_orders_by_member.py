"""Orders of one member: staff filter by `memberId` and the time placed; another tenant's
member, or another member seen from a member token, finds nothing; a member's page lists its
orders and check-ins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import sign_up

REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } userErrors { code } } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id } userErrors { code } } }"""
ORDERS = """query($m: ID) { orders(first: 10, memberId: $m) { nodes { memberId rewardName } } }"""


async def test_staff_list_one_members_orders_and_nobody_sees_anothers(
    client: httpx.AsyncClient,
) -> None:
    # given ann with two orders and bob with one, at ACME
    acme, beta = await sign_up(client), await sign_up(client)
    owner = acme.access_token
    reward = {"name": "Tea", "type": "SERVICE", "pricePoints": 100, "stock": 10}
    reward_id = (await gql(client, REWARD, {"i": reward}, owner))["createReward"]["reward"]["id"]
    ann, bob = await new_member(client, owner, "ann"), await new_member(client, owner, "bob")
    for member, count in ((ann, 2), (bob, 1)):
        await award(client, owner, member, 1_000)
        for n in range(count):
            values = {"rewardId": reward_id, "memberId": member, "idempotencyKey": f"{member}{n}"}
            assert (await gql(client, REDEEM, {"i": values}, owner))["redeemReward"][
                "userErrors"
            ] == []

    async def member_ids(token: str, member: str | None) -> list[str]:
        nodes = (await gql(client, ORDERS, {"m": member}, token))["orders"]["nodes"]
        assert {node["rewardName"] for node in nodes} <= {"Tea"}
        return [node["memberId"] for node in nodes]

    # then staff see ann's two, bob's one, all three without the filter
    assert await member_ids(owner, ann) == [ann, ann]
    assert await member_ids(owner, bob) == [bob]
    assert len(await member_ids(owner, None)) == 3
    # and another merchant's staff, or a malformed id, find none of them
    assert await member_ids(beta.access_token, ann) == []
    assert await member_ids(owner, "not-an-id") == []
    # and ann's own token sees hers, never bob's
    ann_token = await member_token(client, owner, ann)
    assert await member_ids(ann_token, None) == [ann, ann]
    assert await member_ids(ann_token, ann) == [ann, ann]
    assert await member_ids(ann_token, bob) == []


RANGED = """query($m: ID, $since: DateTime, $until: DateTime) {
  orders(first: 10, memberId: $m, since: $since, until: $until) { nodes { id } } }"""
MEMBER = """query($id: ID!) { member(id: $id) {
  orders(first: 10) { nodes { id status } } checkIns(first: 10) { nodes { day streak points } } } }"""
RULE = (
    """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) { userErrors { code } } }"""
)
CHECK_IN = "mutation { checkIn { points streak userErrors { code } } }"


async def test_customer_service_reads_a_members_orders_by_date_and_their_check_ins(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given ann with an order placed ten days ago, one today, and a check-in today
    merchant = await sign_up(client)
    owner = merchant.access_token
    check_in = {"occasion": {"kind": "CHECK_IN", "name": "Daily", "schedule": [5, 10]}}
    assert (await gql(client, RULE, {"i": check_in}, owner))["createEarnRule"]["userErrors"] == []
    reward = {"name": "Tea", "type": "SERVICE", "pricePoints": 100, "stock": 10}
    reward_id = (await gql(client, REWARD, {"i": reward}, owner))["createReward"]["reward"]["id"]
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 1_000)
    placed = []
    for n in range(2):
        values = {"rewardId": reward_id, "memberId": ann, "idempotencyKey": f"tea-{n}"}
        placed.append((await gql(client, REDEEM, {"i": values}, owner))["redeemReward"])
    old, new = (order["order"]["id"] for order in placed)
    await owner_sql(
        settings,
        "UPDATE redemption_order SET created_at = now() - interval '10 days' WHERE id = $1",
        UUID(old),
    )  # a hand edit: the tenant's rollups are rebuilt after it
    await owner_sql(settings, "SELECT analytics_rollup_rebuild($1)", UUID(merchant.tenant_id))
    token = await member_token(client, owner, ann)
    checked = (await gql(client, CHECK_IN, token=token))["checkIn"]

    # when customer service asks for her orders of the last week, of before, and her page
    week_ago = (datetime.now(UTC) - timedelta(days=7)).isoformat()
    recent = await gql(client, RANGED, {"m": ann, "since": week_ago}, owner)
    earlier = await gql(client, RANGED, {"m": ann, "until": week_ago}, owner)
    page = (await gql(client, MEMBER, {"id": ann}, owner))["member"]

    # then each range holds its order, and her page lists both orders and today's check-in
    assert [node["id"] for node in recent["orders"]["nodes"]] == [new]
    assert [node["id"] for node in earlier["orders"]["nodes"]] == [old]
    assert [node["id"] for node in page["orders"]["nodes"]] == [old, new]
    assert checked == {"points": 5, "streak": 1, "userErrors": []}
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert page["checkIns"]["nodes"] == [{"day": today, "streak": 1, "points": 5}]
