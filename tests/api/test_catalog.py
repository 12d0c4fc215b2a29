"""The reward catalog: merchants stock it, members see what they can redeem and why not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.api.graphql import gql, gql_errors
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import sign_up

CREATE = """mutation($i: RewardInput!) { createReward(input: $i) {
  reward { id status stockAvailable } userErrors { field code } } }"""
REWARDS = """query($f: RewardFilter) { rewards(first: 50, filter: $f) {
  nodes { name canRedeem blocker stockAvailable } } }"""


async def _reward(client: httpx.AsyncClient, token: str, **values: Any) -> dict[str, Any]:
    payload: dict[str, Any] = (
        await gql(client, CREATE, {"i": {"type": "PHYSICAL", **values}}, token)
    )["createReward"]
    return payload


async def test_members_see_what_they_can_redeem_and_why_not(client: httpx.AsyncClient) -> None:
    # given a member with 300 points at the entry tier, and five rewards
    merchant = await sign_up(client)
    owner = merchant.access_token
    tiers = await gql(client, "{ tiers { id name } }", token=owner)
    gold = next(t["id"] for t in tiers["tiers"] if t["name"] == "金卡")
    now = datetime.now(UTC)
    await _reward(client, owner, name="Mug", pricePoints=200, stock=3, tags=["kitchen"])
    await _reward(client, owner, name="Bag", pricePoints=500, stock=3)
    await _reward(client, owner, name="Sold out", pricePoints=10, stock=0)
    await _reward(client, owner, name="Gold lounge", pricePoints=10, stock=5, minTierId=gold)
    await _reward(
        client,
        owner,
        name="Flash",
        pricePoints=10,
        stock=5,
        availableFrom=(now + timedelta(hours=1)).isoformat(),
    )
    await _reward(client, owner, name="Hidden", pricePoints=10, stock=5, draft=True)
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 300)
    token = await member_token(client, owner, ann)

    # when the member lists the mall
    data = await gql(client, REWARDS, token=token)
    affordable = await gql(client, REWARDS, {"f": {"affordable": True}}, token)
    tagged = await gql(client, REWARDS, {"f": {"tag": "kitchen"}}, token)
    for_gold = await gql(client, REWARDS, {"f": {"tierId": gold}}, token)
    entry = next(t["id"] for t in tiers["tiers"] if t["name"] != "金卡")
    for_entry = await gql(client, REWARDS, {"f": {"tierId": entry}}, token)

    # then each reward says whether it can be redeemed now, and why not
    seen = {n["name"]: (n["canRedeem"], n["blocker"]) for n in data["rewards"]["nodes"]}
    assert seen == {
        "Mug": (True, None),
        "Bag": (False, "INSUFFICIENT_POINTS"),
        "Sold out": (False, "OUT_OF_STOCK"),
        "Gold lounge": (False, "TIER_REQUIRED"),
        "Flash": (False, "NOT_STARTED"),
    }
    assert "Bag" not in {n["name"] for n in affordable["rewards"]["nodes"]}
    assert [n["name"] for n in tagged["rewards"]["nodes"]] == ["Mug"]
    assert "Gold lounge" in {n["name"] for n in for_gold["rewards"]["nodes"]}
    assert "Gold lounge" not in {n["name"] for n in for_entry["rewards"]["nodes"]}


async def test_stock_and_coupon_pools(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    mug = (await _reward(client, owner, name="Mug", pricePoints=100, stock=2))["reward"]
    coupon = (await _reward(client, owner, name="Coffee coupon", type="COUPON", pricePoints=50))[
        "reward"
    ]
    adjust = "mutation($i: AdjustStockInput!) { adjustStock(input: $i) { reward { stockAvailable } userErrors { code } } }"
    codes = "mutation($i: AddCouponCodesInput!) { addCouponCodes(input: $i) { added reward { stockAvailable } userErrors { code } } }"

    more = await gql(client, adjust, {"i": {"rewardId": mug["id"], "delta": 3}}, owner)
    too_few = await gql(client, adjust, {"i": {"rewardId": mug["id"], "delta": -6}}, owner)
    first = await gql(
        client, codes, {"i": {"rewardId": coupon["id"], "codes": ["A1", "A2", "A2", " "]}}, owner
    )
    again = await gql(
        client, codes, {"i": {"rewardId": coupon["id"], "codes": ["A2", "A3"]}}, owner
    )
    not_coupon = await gql(client, codes, {"i": {"rewardId": mug["id"], "codes": ["X"]}}, owner)
    generated = await gql(
        client,
        codes.replace("added ", "added codes "),
        {"i": {"rewardId": coupon["id"], "generate": 3, "prefix": "CAFE-"}},
        owner,
    )
    nothing = await gql(client, codes, {"i": {"rewardId": coupon["id"]}}, owner)
    too_many = await gql(
        client, codes, {"i": {"rewardId": coupon["id"], "generate": 10_001}}, owner
    )

    assert more["adjustStock"]["reward"]["stockAvailable"] == 5
    assert too_few["adjustStock"]["userErrors"] == [{"code": "STOCK_BELOW_ZERO"}]
    assert (
        first["addCouponCodes"]["added"],
        first["addCouponCodes"]["reward"]["stockAvailable"],
    ) == (2, 2)
    assert (
        again["addCouponCodes"]["added"],
        again["addCouponCodes"]["reward"]["stockAvailable"],
    ) == (1, 3)
    assert not_coupon["addCouponCodes"]["userErrors"] == [{"code": "NOT_A_COUPON"}]
    made = generated["addCouponCodes"]["codes"]
    assert len(set(made)) == 3
    assert all(code.startswith("CAFE-") and len(code) == 17 for code in made)
    assert generated["addCouponCodes"]["reward"]["stockAvailable"] == 6
    assert nothing["addCouponCodes"]["userErrors"] == [{"code": "INVALID_INPUT"}]
    assert too_many["addCouponCodes"]["userErrors"] == [{"code": "INVALID_INPUT"}]


async def test_bad_rewards_are_refused_and_roles_apply(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    cases = [
        ({"name": "", "pricePoints": 1}, "name"),
        ({"name": "Free", "pricePoints": 0}, "pricePoints"),
        ({"name": "Neg", "pricePoints": -1}, "pricePoints"),
        (
            {
                "name": "Window",
                "pricePoints": 1,
                "availableFrom": "2027-01-02T00:00:00Z",
                "availableUntil": "2027-01-01T00:00:00Z",
            },
            "availableUntil",
        ),
        ({"name": "Img", "pricePoints": 1, "imageUrls": ["javascript:alert(1)"]}, "imageUrls"),
    ]
    for values, field in cases:
        payload = await _reward(client, owner, **values)
        assert payload["userErrors"] == [{"field": field, "code": "INVALID_INPUT"}], values
    ann = await new_member(client, owner, "ann")
    token = await member_token(client, owner, ann)
    _, errors = await gql_errors(
        client, CREATE, {"i": {"type": "PHYSICAL", "name": "X", "pricePoints": 1}}, token
    )
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert (await gql(client, REWARDS, token=owner))["rewards"]["nodes"] == []
