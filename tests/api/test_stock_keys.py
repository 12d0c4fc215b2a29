"""Stock and coupon codes under an idempotency key: a retry, or five at once, change them once."""

from __future__ import annotations

import asyncio

import httpx

from tests.api.graphql import gql
from tests.api.operations.tenancy import sign_up

CREATE = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } } }"""
ADJUST = """mutation($i: AdjustStockInput!) { adjustStock(input: $i) {
  reward { stockAvailable } userErrors { field code } } }"""
CODES = """mutation($i: AddCouponCodesInput!) { addCouponCodes(input: $i) {
  added codes reward { stockAvailable } userErrors { field code } } }"""


async def test_a_retried_stock_change_adds_once_and_a_reused_key_is_refused(
    client: httpx.AsyncClient,
) -> None:
    owner = (await sign_up(client)).access_token
    reward = {"name": "Mug", "type": "PHYSICAL", "pricePoints": 100, "stock": 14}
    reward_id = (await gql(client, CREATE, {"i": reward}, owner))["createReward"]["reward"]["id"]
    plus_ten = {"rewardId": reward_id, "delta": 10, "idempotencyKey": "restock-1"}

    # when "+10" is sent five times at once and once more later, under one key
    answers = await asyncio.gather(*(gql(client, ADJUST, {"i": plus_ten}, owner) for _ in range(5)))
    again = await gql(client, ADJUST, {"i": plus_ten}, owner)

    # then the stock went 14 -> 24 once, and every answer says so
    assert {a["adjustStock"]["reward"]["stockAvailable"] for a in answers} == {24}
    assert again["adjustStock"]["reward"]["stockAvailable"] == 24
    # and the key for another change is refused, changing nothing
    other = {**plus_ten, "delta": 3}
    reused = (await gql(client, ADJUST, {"i": other}, owner))["adjustStock"]
    assert reused["userErrors"] == [{"field": "idempotencyKey", "code": "IDEMPOTENCY_KEY_REUSED"}]
    fresh = {**other, "idempotencyKey": "restock-2"}
    assert (await gql(client, ADJUST, {"i": fresh}, owner))["adjustStock"]["reward"][
        "stockAvailable"
    ] == 27


async def test_generated_codes_under_a_key_are_made_once_and_answered_again(
    client: httpx.AsyncClient,
) -> None:
    owner = (await sign_up(client)).access_token
    reward = {"name": "Voucher", "type": "COUPON", "pricePoints": 100}
    reward_id = (await gql(client, CREATE, {"i": reward}, owner))["createReward"]["reward"]["id"]
    values = {"rewardId": reward_id, "generate": 3, "prefix": "TEA", "idempotencyKey": "gen-1"}
    first = (await gql(client, CODES, {"i": values}, owner))["addCouponCodes"]
    retry = (await gql(client, CODES, {"i": values}, owner))["addCouponCodes"]
    assert first["added"] == 3
    assert retry["codes"] == first["codes"]
    assert retry["reward"]["stockAvailable"] == 3
