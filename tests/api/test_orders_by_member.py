"""Orders of one member: staff filter by `memberId`; another tenant's member, or another member
seen from a member token, finds nothing."""

from __future__ import annotations

import httpx

from tests.api.graphql import gql
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
