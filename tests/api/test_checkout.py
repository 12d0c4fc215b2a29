"""Paying with points at the merchant's checkout (积分抵扣): quote, authorize, capture, void,
expiry, and the points part in purchases and refunds. The merchant values 100 points at 1 CNY;
by default points may pay half an order, at least 100, in steps of 100."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any
from uuid import UUID

import httpx

from app.checkout.service import expire_due_payments
from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql
from tests.api.operations.earning import order, record, refund
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import Merchant, create_api_key, sign_up
from tests.ledger_check import assert_ledger_ok

PAYMENT = """id orderId status authorizedPoints capturedPoints capturedValue { amount currency }
  returnedPoints expiresAt"""
QUOTE = """query($m: ID, $a: MoneyInput!) { quotePointsPayment(memberId: $m, orderAmount: $a) {
  maxPoints maxValue { amount currency } available stepPoints minPoints blocker } }"""
AUTHORIZE = f"""mutation($i: AuthorizePointsPaymentInput!) {{ authorizePointsPayment(input: $i) {{
  payment {{ {PAYMENT} }} userErrors {{ field code message }} }} }}"""
CAPTURE = f"""mutation($i: CapturePointsPaymentInput!) {{ capturePointsPayment(input: $i) {{
  payment {{ {PAYMENT} }} userErrors {{ field code message }} }} }}"""
VOID = f"""mutation($i: VoidPointsPaymentInput!) {{ voidPointsPayment(input: $i) {{
  payment {{ {PAYMENT} }} userErrors {{ field code message }} }} }}"""
SETTINGS = """mutation($i: UpdateCheckoutSettingsInput!) { updateCheckoutSettings(input: $i) {
  settings { maxShareBps minPoints stepPoints earnOnPointsPart authorizationSeconds }
  userErrors { field code } } }"""
READ_SETTINGS = "{ checkoutSettings { enabled maxShareBps minPoints stepPoints earnOnPointsPart } }"


def _cny(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "CNY"}


async def _shop(client: httpx.AsyncClient, points: int = 1_000) -> tuple[Merchant, str, str]:
    """A merchant, its checkout's API key, and a member holding `points`."""
    merchant = await sign_up(client)
    backend = await create_api_key(client, merchant, ["POINTS_READ", "POINTS_WRITE"])
    member = await new_member(client, merchant.access_token, "ann")
    if points:
        await award(client, merchant.access_token, member, points)
    return merchant, backend, member


async def _authorize(
    client: httpx.AsyncClient, key: str, member: str, points: int, amount: int = 3_000, **extra: Any
) -> dict[str, Any]:
    values = {
        "orderId": f"T-{secrets.token_hex(4)}",
        "memberId": member,
        "orderAmount": _cny(amount),
        "points": points,
        "idempotencyKey": secrets.token_hex(8),
    } | extra
    answer: dict[str, Any] = (await gql(client, AUTHORIZE, {"i": values}, key))[
        "authorizePointsPayment"
    ]
    return answer


async def _step(
    client: httpx.AsyncClient, key: str, document: str, name: str, **values: Any
) -> dict[str, Any]:
    values.setdefault("idempotencyKey", secrets.token_hex(8))
    answer: dict[str, Any] = (await gql(client, document, {"i": values}, key))[name]
    return answer


async def _available(client: httpx.AsyncClient, merchant: Merchant, member: str) -> int:
    available: int = (await wallet(client, merchant.access_token, member))["wallet"]["available"]
    return available


async def test_a_quote_offers_the_most_points_the_rules_and_the_wallet_allow(
    client: httpx.AsyncClient,
) -> None:
    merchant, backend, ann = await _shop(client, points=1_250)
    member = await member_token(client, merchant.access_token, ann)

    # 30.00 CNY: half is 15.00 = 1,500 points, but ann has 1,250: 1,200 in steps of 100
    quoted = (await gql(client, QUOTE, {"m": ann, "a": _cny(3_000)}, backend))["quotePointsPayment"]
    own = (await gql(client, QUOTE, {"a": _cny(3_000)}, member))["quotePointsPayment"]
    # 1.50 CNY: half is 75 points, below the minimum of 100
    small = (await gql(client, QUOTE, {"m": ann, "a": _cny(150)}, backend))["quotePointsPayment"]

    assert quoted == {
        "maxPoints": 1_200, "maxValue": _cny(1_200), "available": 1_250, "stepPoints": 100,
        "minPoints": 100, "blocker": None,
    }  # fmt: skip
    assert own == quoted
    assert small["maxPoints"] == 0
    assert small["blocker"] == "ORDER_TOO_SMALL"


async def test_authorize_then_capture_part_spends_only_what_was_captured(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant, backend, ann = await _shop(client)

    held = await _authorize(client, backend, ann, 1_000, amount=3_000)
    payment = held["payment"]
    during = await _available(client, merchant, ann)
    captured = await _step(
        client, backend, CAPTURE, "capturePointsPayment", orderId=payment["orderId"], points=600
    )

    assert held["userErrors"] == []
    assert payment["status"] == "AUTHORIZED"
    assert during == 0
    assert captured["userErrors"] == []
    assert captured["payment"]["status"] == "CAPTURED"
    assert captured["payment"]["capturedPoints"] == 600
    assert captured["payment"]["capturedValue"] == _cny(600)
    assert await _available(client, merchant, ann) == 400
    await assert_ledger_ok(settings)


async def test_a_void_gives_the_points_back_and_cannot_be_captured_after(
    client: httpx.AsyncClient,
) -> None:
    merchant, backend, ann = await _shop(client)
    payment = (await _authorize(client, backend, ann, 500))["payment"]

    voided = await _step(client, backend, VOID, "voidPointsPayment", orderId=payment["orderId"])
    late = await _step(client, backend, CAPTURE, "capturePointsPayment", orderId=payment["orderId"])

    assert voided["payment"]["status"] == "VOIDED"
    assert await _available(client, merchant, ann) == 1_000
    assert late["userErrors"][0]["code"] == "INVALID_TRANSITION"


async def test_two_checkouts_racing_on_one_wallet_never_hold_more_than_it_has(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant, backend, ann = await _shop(client, points=1_000)

    answers = await asyncio.gather(
        *(_authorize(client, backend, ann, 700, amount=2_000) for _ in range(4))
    )

    authorized = [a for a in answers if a["payment"]]
    refused = [a["userErrors"][0]["code"] for a in answers if not a["payment"]]
    assert len(authorized) == 1
    assert refused == ["INSUFFICIENT_POINTS"] * 3
    assert await _available(client, merchant, ann) == 300
    await assert_ledger_ok(settings)


async def test_an_authorization_not_captured_in_time_is_released_by_the_worker(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant, backend, ann = await _shop(client)
    payment = (await _authorize(client, backend, ann, 800))["payment"]
    await owner_sql(
        settings,
        "UPDATE points_payment SET expires_at = now() - interval '1 second' WHERE id = $1",
        UUID(payment["id"]),
    )

    # past its time, before the worker came: no capture
    late = await _step(client, backend, CAPTURE, "capturePointsPayment", orderId=payment["orderId"])
    released = await expire_due_payments(UUID(merchant.tenant_id))
    again = await expire_due_payments(UUID(merchant.tenant_id))
    read = await gql(
        client,
        "query($o: String!) { pointsPayment(orderId: $o) { status } }",
        {"o": payment["orderId"]},
        backend,
    )

    assert late["userErrors"][0]["code"] == "AUTHORIZATION_EXPIRED"
    assert (released, again) == (1, 0)
    assert read["pointsPayment"] == {"status": "EXPIRED"}
    assert await _available(client, merchant, ann) == 1_000
    await assert_ledger_ok(settings)


async def test_the_points_part_earns_nothing_and_a_half_refund_returns_half_the_points(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant, backend, ann = await _shop(client)
    await gql(
        client,
        "mutation { updateEarningSettings(input: {returnWindowDays: 0, stacking: BEST_OF}) { userErrors { code } } }",
        token=merchant.access_token,
    )
    # a 30.00 CNY order: 10.00 paid with 1,000 points, 20.00 in cash
    payment = (await _authorize(client, backend, ann, 1_000, amount=3_000))["payment"]
    await _step(client, backend, CAPTURE, "capturePointsPayment", orderId=payment["orderId"])

    purchase = await record(
        client, merchant.access_token, order(ann, 3_000) | {"orderId": payment["orderId"]}
    )
    after_purchase = await _available(client, merchant, ann)
    refunded = await refund(client, merchant.access_token, payment["orderId"], 1_500)
    read = await gql(
        client,
        "query($o: String!) { pointsPayment(orderId: $o) { returnedPoints } }",
        {"o": payment["orderId"]},
        backend,
    )

    # the cash part earns 1 point per CNY, x1.2 for 银卡 (ann's since her 1,000 points): 24
    assert purchase["purchase"]["points"] == 24
    assert after_purchase == 24
    # half the order back: half the 1,000 points paid, and half the 24 earned taken back
    assert refunded["userErrors"] == []
    assert read["pointsPayment"]["returnedPoints"] == 500
    assert await _available(client, merchant, ann) == 24 + 500 - 12
    await assert_ledger_ok(settings)


async def test_a_merchant_may_let_the_points_part_earn(client: httpx.AsyncClient) -> None:
    merchant, backend, ann = await _shop(client)
    saved = (await gql(client, SETTINGS, {"i": {"earnOnPointsPart": True}}, merchant.access_token))[
        "updateCheckoutSettings"
    ]
    payment = (await _authorize(client, backend, ann, 1_000, amount=3_000))["payment"]
    await _step(client, backend, CAPTURE, "capturePointsPayment", orderId=payment["orderId"])

    purchase = await record(
        client, merchant.access_token, order(ann, 3_000) | {"orderId": payment["orderId"]}
    )

    assert saved["settings"]["earnOnPointsPart"] is True
    assert purchase["purchase"]["points"] == 36  # the whole 30 CNY, x1.2 for 银卡


async def test_settings_are_read_and_checked(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    defaults = (await gql(client, READ_SETTINGS, token=merchant.access_token))["checkoutSettings"]
    bad = [
        (await gql(client, SETTINGS, {"i": values}, merchant.access_token))[
            "updateCheckoutSettings"
        ]["userErrors"]
        for values in ({"maxShareBps": 0}, {"stepPoints": 0}, {"authorizationSeconds": 5})
    ]

    assert defaults == {
        "enabled": True, "maxShareBps": 5000, "minPoints": 100, "stepPoints": 100,
        "earnOnPointsPart": False,
    }  # fmt: skip
    assert [errors[0]["field"] for errors in bad] == [
        "maxShareBps", "stepPoints", "authorizationSeconds",
    ]  # fmt: skip


async def test_bad_authorizations_are_refused_and_hold_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant, backend, ann = await _shop(client)
    _, _, stranger = await _shop(client)
    cases: dict[str, dict[str, Any]] = {
        "NOT_A_STEP": {"points": 150},
        "BELOW_MINIMUM": {"points": 50},
        "OVER_LIMIT": {"points": 900, "amount": 1_000},
        "INVALID_AMOUNT": {"points": -100},
        "WRONG_CURRENCY": {"points": 100, "orderAmount": {"amount": 3_000, "currency": "USD"}},
        "MEMBER_NOT_FOUND": {"points": 100, "memberId": stranger},
    }
    found = {}
    for code, values in cases.items():
        values = dict(values)
        points, amount = values.pop("points"), values.pop("amount", 3_000)
        member = values.pop("memberId", ann)
        answer = await _authorize(client, backend, member, points, amount, **values)
        found[code] = answer["userErrors"][0]["code"]

    assert found == {code: code for code in cases}
    assert await _available(client, merchant, ann) == 1_000
    await assert_ledger_ok(settings)


async def test_a_retry_answers_the_first_authorization_and_an_order_holds_once(
    client: httpx.AsyncClient,
) -> None:
    merchant, backend, ann = await _shop(client)
    values = {"orderId": "T-1", "memberId": ann, "orderAmount": _cny(3_000), "points": 300,
              "idempotencyKey": "k-1"}  # fmt: skip

    first, retry = await asyncio.gather(
        *(gql(client, AUTHORIZE, {"i": values}, backend) for _ in range(2))
    )
    reused = await gql(client, AUTHORIZE, {"i": values | {"points": 400}}, backend)
    second = await gql(client, AUTHORIZE, {"i": values | {"idempotencyKey": "k-2"}}, backend)

    assert first == retry
    assert reused["authorizePointsPayment"]["userErrors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert second["authorizePointsPayment"]["userErrors"][0]["code"] == "ALREADY_AUTHORIZED"
    assert await _available(client, merchant, ann) == 700
