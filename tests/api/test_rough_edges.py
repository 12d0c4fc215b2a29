"""Rough edges merchants met (issue 20, item 6), each as it was met: a donation with no stock,
a cancelled coupon order's code, one phone typed two ways, a task over its limit, a second
check-in schedule, a first own rate paying on top of the default."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql
from tests.api.operations.earning import PREVIEW, order
from tests.api.operations.exchange import LINK, configure_plat, operator_token, set_rate
from tests.api.operations.members import member_token, new_member, upsert
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

CREATE = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } userErrors { field code } } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id status couponCodes } userErrors { field code } } }"""
CANCEL = """mutation($i: CancelOrderInput!) { cancelOrder(input: $i) {
  order { status couponCodes } userErrors { code } } }"""
ORDER = """query($id: ID!) { order(id: $id) { status couponCodes } }"""
CODES = "mutation($i: AddCouponCodesInput!) { addCouponCodes(input: $i) { added } }"
RULE = """mutation($i: CreateEarnRuleInput!) { createEarnRule(input: $i) {
  rule { id } userErrors { field code message } } }"""
EVENT = """mutation($i: RecordEventInput!) { recordEvent(input: $i) {
  points userErrors { field code } } }"""
SETTINGS_ALL = """mutation($i: UpdateEarningSettingsInput!) { updateEarningSettings(input: $i) {
  settings { purchaseRules } userErrors { code } } }"""


async def _reward(client: httpx.AsyncClient, token: str, **values: Any) -> str:
    data = await gql(client, CREATE, {"i": {"name": "Gift", **values}}, token)
    assert data["createReward"]["userErrors"] == []
    reward_id: str = data["createReward"]["reward"]["id"]
    return reward_id


async def _redeem(client: httpx.AsyncClient, token: str, reward: str, key: str) -> dict[str, Any]:
    values = {"rewardId": reward, "idempotencyKey": key}
    payload: dict[str, Any] = (await gql(client, REDEEM, {"i": values}, token))["redeemReward"]
    return payload


async def test_a_donation_created_without_stock_takes_every_gift(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    cause = await _reward(client, owner, type="DONATION", name="Plant a tree", pricePoints=100)
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 300)
    token = await member_token(client, owner, ann)

    gifts = [await _redeem(client, token, cause, f"tree-{n}") for n in range(3)]

    assert [gift["userErrors"] for gift in gifts] == [[], [], []]  # was OUT_OF_STOCK
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 0
    await assert_ledger_ok(settings)


async def test_a_cancelled_coupon_order_shows_no_code(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    coffee = await _reward(client, owner, type="COUPON", name="Coffee", pricePoints=5)
    await gql(client, CODES, {"i": {"rewardId": coffee, "codes": ["C-001"]}}, owner)
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 5)
    token = await member_token(client, owner, ann)

    redeemed = await _redeem(client, token, coffee, "coffee-1")
    order = redeemed["order"]["id"]
    cancelled = await gql(client, CANCEL, {"i": {"orderId": order}}, owner)
    read = (await gql(client, ORDER, {"id": order}, token))["order"]

    assert redeemed["order"]["couponCodes"] == ["C-001"]
    assert cancelled["cancelOrder"]["order"] == {"status": "CANCELLED", "couponCodes": []}
    assert read == {"status": "CANCELLED", "couponCodes": []}
    await assert_ledger_ok(settings)


async def test_one_phone_typed_two_ways_is_one_contact_and_one_platform_wallet(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given two merchants on the platform, and the same person at each, her phone typed
    # without and with the country code
    operator = await operator_token(client)
    await configure_plat(client, operator)
    tokens, members = [], []
    for typed in ("139 0000 0732", "+8613900000732"):
        merchant = await sign_up(client)
        rate = await set_rate(
            client, operator, merchant.tenant_id, "P" + merchant.slug[-5:], "1", 0
        )
        assert rate["userErrors"] == []
        member = await upsert(
            client, merchant.access_token, externalId="ann", phone=typed, phoneVerified=True
        )
        assert member["member"]["phone"] == "+8613900000732"
        members.append(UUID(member["member"]["id"]))
        tokens.append(await member_token(client, merchant.access_token, member["member"]["id"]))

    # when she links her platform wallet at both
    linked = [await gql(client, LINK, {"v": "PHONE"}, token) for token in tokens]

    # then both links reach one wallet: a bad number is refused with its reason
    assert [link["linkPlatformWallet"]["userErrors"] for link in linked] == [[], []]
    customers = await owner_sql(
        settings,
        "SELECT count(DISTINCT customer_id) FROM platform_link WHERE member_id = ANY($1)",
        members,
    )
    assert customers == 1
    refused = await upsert(client, merchant.access_token, externalId="bob", phone="12345")
    assert refused["userErrors"] == [
        {"field": "phone", "code": "INVALID_INPUT", "message": "Not a valid phone number in CN."}
    ]
    await assert_ledger_ok(settings)


async def test_a_task_over_its_limit_says_so_and_a_second_check_in_schedule_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    review = {"occasion": {"kind": "EVENT", "name": "Review", "points": 5, "eventCode": "review",
                           "memberLimit": 1}}  # fmt: skip
    assert (await gql(client, RULE, {"i": review}, owner))["createEarnRule"]["userErrors"] == []
    ann = await new_member(client, owner, "ann")
    events = [
        (await gql(client, EVENT, {"i": {"memberId": ann, "code": "review",
                                         "idempotencyKey": f"r{n}"}}, owner))["recordEvent"]
        for n in range(2)
    ]  # fmt: skip
    daily = {"occasion": {"kind": "CHECK_IN", "name": "Daily", "schedule": [10]}}
    first = (await gql(client, RULE, {"i": daily}, owner))["createEarnRule"]
    second = await gql(
        client, RULE, {"i": daily | {"occasion": {**daily["occasion"], "name": "Bonus"}}}, owner
    )

    assert events[0] == {"points": 5, "userErrors": []}
    assert events[1] == {"points": 0, "userErrors": [{"field": "code", "code": "LIMIT_REACHED"}]}
    assert first["userErrors"] == []
    assert [(e["field"], e["code"]) for e in second["createEarnRule"]["userErrors"]] == [
        ("occasion.kind", "RULE_EXISTS")
    ]
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 5
    await assert_ledger_ok(settings)


async def test_a_merchants_first_own_rate_replaces_the_default_unless_rules_add_up(
    client: httpx.AsyncClient,
) -> None:
    # given a new merchant (1 point per CNY by default) that adds its own rate of 2 per CNY
    merchant = await sign_up(client)
    owner = merchant.access_token
    ann = await new_member(client, owner, "ann")
    rate = {"purchase": {"name": "2 per CNY", "pointsPerUnit": "2"}}
    assert (await gql(client, RULE, {"i": rate}, owner))["createEarnRule"]["userErrors"] == []

    async def preview() -> tuple[int, list[str]]:
        values = order(ann, 10_000)
        del values["idempotencyKey"]
        answer = (await gql(client, PREVIEW, {"input": values}, owner))["previewEarn"]
        return answer["total"], [line["label"] for line in answer["lines"]]

    # when it previews a 100 CNY order, then lets its rules add up
    best = await preview()
    changed = await gql(
        client,
        SETTINGS_ALL,
        {"i": {"returnWindowDays": 7, "stacking": "MULTIPLY", "purchaseRules": "ALL"}},
        owner,
    )
    added = await preview()

    # then its own rate pays alone (was 300: both), and adding up is a choice it made
    assert best == (200, ["2 per CNY"])
    assert changed["updateEarningSettings"]["settings"]["purchaseRules"] == "ALL"
    assert added[0] == 300
