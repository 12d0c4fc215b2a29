"""Redeeming rewards: stock, points and coupon codes hold under concurrency."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from app.core.db import tenant_scope
from app.core.settings import Settings
from app.ledger.models import Account
from app.redemption.orders import cancel_unpaid_orders
from tests.api.graphql import gql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

CREATE = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } userErrors { field code } } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id status points quantity couponCodes history { toStatus reason } } userErrors { field code } } }"""
CANCEL = """mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { order { status } userErrors { code } } }"""
STOCK = "query($id: ID!) { reward(id: $id) { stockAvailable } }"


async def _reward(client: httpx.AsyncClient, token: str, **values: Any) -> str:
    data = await gql(client, CREATE, {"i": {"type": "SERVICE", "name": "Voucher", **values}}, token)
    assert data["createReward"]["userErrors"] == []
    reward_id: str = data["createReward"]["reward"]["id"]
    return reward_id


async def _redeem(
    client: httpx.AsyncClient, token: str, reward_id: str, **extra: Any
) -> dict[str, Any]:
    values = {"rewardId": reward_id, "idempotencyKey": secrets.token_hex(8), **extra}
    payload: dict[str, Any] = (await gql(client, REDEEM, {"i": values}, token))["redeemReward"]
    return payload


def _outcome(payload: dict[str, Any]) -> str:
    return payload["userErrors"][0]["code"] if payload["userErrors"] else "OK"


async def test_fifty_members_race_for_five_units(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    reward = await _reward(client, owner, pricePoints=10, stock=5)
    tokens = []
    for n in range(50):
        member = await new_member(client, owner, f"m{n}")
        await award(client, owner, member, 10)
        tokens.append(await member_token(client, owner, member))

    results = await asyncio.gather(*(_redeem(client, token, reward) for token in tokens))

    outcomes = [_outcome(r) for r in results]
    assert outcomes.count("OK") == 5
    assert set(outcomes) == {"OK", "OUT_OF_STOCK"}
    assert (await gql(client, STOCK, {"id": reward}, owner))["reward"]["stockAvailable"] == 0
    await assert_ledger_ok(settings)


async def test_one_member_racing_twenty_orders_gets_what_the_points_cover(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    reward = await _reward(client, owner, pricePoints=100, stock=100)
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 350)
    token = await member_token(client, owner, ann)

    results = await asyncio.gather(*(_redeem(client, token, reward) for _ in range(20)))

    assert [_outcome(r) for r in results].count("OK") == 3
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 50
    assert (await gql(client, STOCK, {"id": reward}, owner))["reward"]["stockAvailable"] == 97
    await assert_ledger_ok(settings)


async def test_a_coupon_code_goes_to_one_member_only(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    reward = await _reward(client, owner, type="COUPON", name="Coffee", pricePoints=5)
    codes = "mutation($i: AddCouponCodesInput!) { addCouponCodes(input: $i) { added } }"
    await gql(
        client, codes, {"i": {"rewardId": reward, "codes": [f"C{n:03d}" for n in range(8)]}}, owner
    )
    tokens = []
    for n in range(12):
        member = await new_member(client, owner, f"m{n}")
        await award(client, owner, member, 5)
        tokens.append(await member_token(client, owner, member))

    results = await asyncio.gather(*(_redeem(client, token, reward) for token in tokens))

    given = [code for r in results if r["order"] for code in r["order"]["couponCodes"]]
    assert len(given) == 8
    assert len(set(given)) == 8
    assert [_outcome(r) for r in results].count("OUT_OF_STOCK") == 4
    await assert_ledger_ok(settings)


async def test_rules_and_cancellation(client: httpx.AsyncClient, settings: Settings) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    mug = await _reward(
        client,
        owner,
        type="PHYSICAL",
        name="Mug",
        pricePoints=40,
        stock=5,
        perMemberLimit=2,
        maxPerOrder=2,
    )
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 200)
    token = await member_token(client, owner, ann)
    address = {"name": "Ann", "city": "昆明", "line": "1 Green Lake Rd"}

    no_address = await _redeem(client, token, mug)
    too_many = await _redeem(client, token, mug, quantity=3, shippingAddress=address)
    first = await _redeem(client, token, mug, quantity=2, shippingAddress=address)
    over_limit = await _redeem(client, token, mug, shippingAddress=address)
    cancelled = await gql(
        client, CANCEL, {"i": {"orderId": first["order"]["id"], "reason": "changed my mind"}}, token
    )
    again = await gql(client, CANCEL, {"i": {"orderId": first["order"]["id"]}}, token)

    assert _outcome(no_address) == "SHIPPING_ADDRESS_REQUIRED"
    assert _outcome(too_many) == "INVALID_INPUT"
    assert (first["order"]["status"], first["order"]["points"]) == ("CONFIRMED", 80)
    assert _outcome(over_limit) == "LIMIT_REACHED"
    assert cancelled["cancelOrder"]["order"]["status"] == "CANCELLED"
    assert again["cancelOrder"]["userErrors"] == [{"code": "INVALID_TRANSITION"}]
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 200
    assert (await gql(client, STOCK, {"id": mug}, owner))["reward"]["stockAvailable"] == 5
    orders = await gql(
        client,
        "{ orders(first: 10) { nodes { status history { toStatus reason } } } }",
        token=token,
    )
    assert orders["orders"]["nodes"][0]["history"] == [
        {"toStatus": "CONFIRMED", "reason": "Redeemed"},
        {"toStatus": "CANCELLED", "reason": "changed my mind"},
    ]
    await assert_ledger_ok(settings)


async def test_a_physical_order_ships_arrives_and_completes(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    mug = await _reward(client, owner, type="PHYSICAL", name="Mug", pricePoints=40, stock=3)
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 100)
    token = await member_token(client, owner, ann)
    order = (await _redeem(client, token, mug, shippingAddress={"city": "昆明"}))["order"]["id"]
    step = "mutation($i: OrderStepInput!) { %s(input: $i) { order { status tracking } userErrors { code } } }"
    ship = "mutation($i: MarkShippedInput!) { markShipped(input: $i) { order { status tracking } userErrors { code } } }"

    wrong = await gql(client, step % "fulfillOrder", {"i": {"orderId": order}}, owner)
    shipped = await gql(
        client, ship, {"i": {"orderId": order, "carrier": "SF", "trackingNumber": "SF123"}}, owner
    )
    early = await gql(client, step % "completeOrder", {"i": {"orderId": order}}, owner)
    delivered = await gql(client, step % "markDelivered", {"i": {"orderId": order}}, owner)
    done = await gql(client, step % "completeOrder", {"i": {"orderId": order}}, owner)
    member_cancel = await gql(client, CANCEL, {"i": {"orderId": order}}, token)

    assert wrong["fulfillOrder"]["userErrors"] == [{"code": "INVALID_TRANSITION"}]
    assert shipped["markShipped"]["order"] == {
        "status": "SHIPPED",
        "tracking": {"carrier": "SF", "tracking_number": "SF123"},
    }
    assert early["completeOrder"]["userErrors"] == [{"code": "INVALID_TRANSITION"}]
    assert delivered["markDelivered"]["order"]["status"] == "DELIVERED"
    assert done["completeOrder"]["order"]["status"] == "COMPLETED"
    assert member_cancel["cancelOrder"]["userErrors"] == [{"code": "INVALID_TRANSITION"}]
    await assert_ledger_ok(settings)


async def test_a_refund_returns_points_and_optionally_stock(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    voucher = await _reward(client, owner, pricePoints=30, stock=4)
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 100)
    token = await member_token(client, owner, ann)
    first = (await _redeem(client, token, voucher))["order"]["id"]
    second = (await _redeem(client, token, voucher))["order"]["id"]
    refund = "mutation($i: RefundOrderInput!) { refundOrder(input: $i) { order { status } userErrors { code } } }"

    await gql(client, refund, {"i": {"orderId": first, "restock": True}}, owner)
    await gql(client, refund, {"i": {"orderId": second}}, owner)
    again = await gql(client, refund, {"i": {"orderId": second}}, owner)

    assert again["refundOrder"]["userErrors"] == [{"code": "INVALID_TRANSITION"}]
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 100
    assert (await gql(client, STOCK, {"id": voucher}, owner))["reward"]["stockAvailable"] == 3
    await assert_ledger_ok(settings)


async def test_points_plus_cash_waits_for_payment(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a reward of 50 points + 9.90 CNY
    merchant = await sign_up(client)
    owner = merchant.access_token
    tumbler = await _reward(client, owner, name="Tumbler", pricePoints=50, priceCash=990, stock=2)
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 100)
    token = await member_token(client, owner, ann)
    pay = "mutation($i: ConfirmOrderPaymentInput!) { confirmOrderPayment(input: $i) { order { status } userErrors { code } } }"

    # when the member redeems, the points are only reserved
    order = (await _redeem(client, token, tumbler))["order"]
    reserved = (await wallet(client, owner, ann))["wallet"]
    wrong = await gql(
        client, pay, {"i": {"orderId": order["id"], "paymentReference": "wx-1", "amount": 1}}, owner
    )
    paid = await gql(
        client,
        pay,
        {"i": {"orderId": order["id"], "paymentReference": "wx-1", "amount": 990}},
        owner,
    )
    twice = await gql(
        client,
        pay,
        {"i": {"orderId": order["id"], "paymentReference": "wx-1", "amount": 990}},
        owner,
    )

    # then payment confirms it and spends them
    assert order["status"] == "PENDING_PAYMENT"
    assert (reserved["posted"], reserved["available"]) == (100, 50)
    assert wrong["confirmOrderPayment"]["userErrors"] == [{"code": "WRONG_AMOUNT"}]
    assert paid["confirmOrderPayment"]["order"]["status"] == "CONFIRMED"
    assert twice["confirmOrderPayment"]["userErrors"] == [{"code": "INVALID_TRANSITION"}]
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 50
    await assert_ledger_ok(settings)


async def test_an_unpaid_order_times_out(client: httpx.AsyncClient, settings: Settings) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    tumbler = await _reward(client, owner, name="Tumbler", pricePoints=50, priceCash=990, stock=2)
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 100)
    token = await member_token(client, owner, ann)
    await _redeem(client, token, tumbler)
    tenant = UUID(merchant.tenant_id)

    early = await cancel_unpaid_orders(tenant)
    late = await cancel_unpaid_orders(tenant, datetime.now(UTC) + timedelta(minutes=31))

    assert (early, late) == (0, 1)
    member = (await wallet(client, owner, ann))["wallet"]
    assert (member["posted"], member["available"]) == (100, 100)
    assert (await gql(client, STOCK, {"id": tumbler}, owner))["reward"]["stockAvailable"] == 2
    orders = await gql(
        client, "{ orders(first: 5) { nodes { status history { reason } } } }", token=token
    )
    assert orders["orders"]["nodes"][0]["status"] == "CANCELLED"
    assert orders["orders"]["nodes"][0]["history"][-1]["reason"] == "Payment timed out"
    await assert_ledger_ok(settings)


async def test_donations_are_matched_until_the_budget_runs_out(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a cause the merchant matches 1:1 up to 150 points
    merchant = await sign_up(client)
    owner = merchant.access_token
    cause = await _reward(
        client,
        owner,
        type="DONATION",
        name="Plant a tree",
        pricePoints=100,
        stock=100,
        matchRatio="1",
        matchBudget=150,
    )
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 300)
    token = await member_token(client, owner, ann)
    receipt = "mutation($i: RedeemRewardInput!) { redeemReward(input: $i) { order { id points matchedPoints } } }"

    # when the member gives 100 points three times
    gifts = [
        (
            await gql(
                client, receipt, {"i": {"rewardId": cause, "idempotencyKey": f"gift-{n}"}}, token
            )
        )["redeemReward"]["order"]
        for n in range(3)
    ]
    cancel = await gql(client, CANCEL, {"i": {"orderId": gifts[0]["id"]}}, token)

    # then the merchant matched 100, then the 50 left, then nothing; a gift is final
    assert [(g["points"], g["matchedPoints"]) for g in gifts] == [(100, 100), (100, 50), (100, 0)]
    assert cancel["cancelOrder"]["userErrors"] == [{"code": "INVALID_TRANSITION"}]
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 0
    tenant = UUID(merchant.tenant_id)
    async with tenant_scope(tenant):
        donations = await Account.get(kind="DONATION", owner_id=tenant)
    assert donations.posted == 300 + 150  # both legs: the member's points and the match
    await assert_ledger_ok(settings)


async def test_tier_prices_daily_limits_and_flash_windows(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    tiers = {
        t["name"]: t["id"]
        for t in (await gql(client, "{ tiers { id name } }", token=owner))["tiers"]
    }
    now = datetime.now(UTC)
    # (ann is 银卡 from her 1,000 points on: the deal's tier price is hers)
    member_deal = await _reward(client, owner, name="Deal", pricePoints=100, stock=50, perMemberDailyLimit=2,
                                tierPrices=[{"tierId": tiers["银卡"], "pricePoints": 60}])  # fmt: skip
    ended = await _reward(
        client,
        owner,
        name="Gone",
        pricePoints=1,
        stock=5,
        availableUntil=(now - timedelta(seconds=1)).isoformat(),
    )
    later = await _reward(
        client,
        owner,
        name="Soon",
        pricePoints=1,
        stock=5,
        availableFrom=(now + timedelta(hours=1)).isoformat(),
    )
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 1_000)
    token = await member_token(client, owner, ann)

    listing = await gql(
        client, "{ rewards(first: 10) { nodes { name memberPricePoints } } }", token=token
    )
    results = await asyncio.gather(*(_redeem(client, token, member_deal) for _ in range(10)))

    assert {n["name"]: n["memberPricePoints"] for n in listing["rewards"]["nodes"]}["Deal"] == 60
    assert [_outcome(r) for r in results].count("OK") == 2
    assert {_outcome(r) for r in results} == {"OK", "LIMIT_REACHED"}
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 1_000 - 2 * 60
    assert _outcome(await _redeem(client, token, ended)) == "ENDED"
    assert _outcome(await _redeem(client, token, later)) == "NOT_STARTED"
    await assert_ledger_ok(settings)


async def test_a_service_reward_gives_its_own_voucher_codes_valid_for_its_days(
    client: httpx.AsyncClient,
) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    spa = await _reward(
        client, owner, name="Spa hour", pricePoints=30, stock=10, maxPerOrder=2, validDays=90
    )
    ann = await new_member(client, owner, "ann")
    bob = await new_member(client, owner, "bob")
    for member in (ann, bob):
        await award(client, owner, member, 100)
    ann_token = await member_token(client, owner, ann)
    bob_token = await member_token(client, owner, bob)
    one = "query($id: ID!) { order(id: $id) { couponCodes validUntil } }"

    placed = (await _redeem(client, ann_token, spa, quantity=2))["order"]
    as_ann = (await gql(client, one, {"id": placed["id"]}, ann_token))["order"]
    as_bob = (await gql(client, one, {"id": placed["id"]}, bob_token))["order"]
    as_staff = (await gql(client, one, {"id": placed["id"]}, owner))["order"]

    codes = placed["couponCodes"]
    assert len(codes) == 2
    assert len(set(codes)) == 2
    assert all(len(code) == 12 and not set(code) & set("01IO") for code in codes)
    valid_until = datetime.fromisoformat(as_ann["validUntil"])
    assert timedelta(days=89) < valid_until - datetime.now(UTC) <= timedelta(days=90)
    assert as_ann["couponCodes"] == codes
    assert as_staff == as_ann
    assert as_bob is None
