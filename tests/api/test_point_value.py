"""Changing what a point is worth, from a date on: points already issued keep their value, in
the liability (now and in past buckets) and at checkout, where old points pay at their own
value and new ones at theirs, drawn in the ledger's FIFO order."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx

from app.core.settings import Settings
from tests.api.graphql import gql, gql_errors
from tests.api.operations.analytics import days, owner_sql, today
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award, deduct
from tests.api.operations.tenancy import Merchant, create_api_key, sign_up
from tests.ledger_check import assert_ledger_ok

VALUES = "pointValues { effectiveFrom pointsPerFiatUnit inForce scheduled }"
SCHEDULE = f"""mutation($i: SchedulePointValueInput!) {{ schedulePointValue(input: $i) {{
  {VALUES} userErrors {{ field code message }} }} }}"""
CANCEL = f"""mutation($at: DateTime!) {{ cancelPointValue(effectiveFrom: $at) {{
  {VALUES} userErrors {{ field code }} }} }}"""
CURRENCY = f"{{ viewer {{ tenant {{ currency {{ pointsPerFiatUnit {VALUES} }} }} }} }}"
QUOTE = """query($m: ID, $a: MoneyInput!) { quotePointsPayment(memberId: $m, orderAmount: $a) {
  maxPoints maxValue { amount } available } }"""
AUTHORIZE = """mutation($i: AuthorizePointsPaymentInput!) { authorizePointsPayment(input: $i) {
  payment { authorizedPoints } userErrors { code } } }"""
LIABILITY = """query($r: DateRangeInput!) { analytics(range: $r) {
  liability { points value { amount currency } }
  buckets { closingLiability { points value { amount } } } } }"""
CAPTURE = """mutation($i: CapturePointsPaymentInput!) { capturePointsPayment(input: $i) {
  payment { capturedPoints capturedValue { amount currency } } userErrors { code } } }"""


async def _schedule(client: httpx.AsyncClient, token: str, **values: Any) -> dict[str, Any]:
    answer: dict[str, Any] = (await gql(client, SCHEDULE, {"i": values}, token))[
        "schedulePointValue"
    ]
    return answer


async def _currency(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    currency: dict[str, Any] = (await gql(client, CURRENCY, token=token))["viewer"]["tenant"][
        "currency"
    ]
    return currency


async def _liability(client: httpx.AsyncClient, token: str, back: int = 0) -> dict[str, Any]:
    period = days(today() - timedelta(days=back), today())
    report: dict[str, Any] = (await gql(client, LIABILITY, {"r": period}, token))["analytics"]
    return report


async def _backdate(settings: Settings, merchant: Merchant, journal: str, days: int) -> None:
    """The journal's transfer and lot happened `days` ago (a hand edit standing for time)."""
    await owner_sql(settings, "ALTER TABLE transfer DISABLE TRIGGER transfer_append_only")
    await owner_sql(
        settings,
        "UPDATE transfer SET created_at = created_at - make_interval(days => $2)"
        " WHERE journal_id = $1",
        UUID(journal),
        days,
    )
    await owner_sql(settings, "ALTER TABLE transfer ENABLE TRIGGER transfer_append_only")
    await owner_sql(
        settings,
        "UPDATE lot SET earned_at = earned_at - make_interval(days => $2)"
        " WHERE source_transfer_id IN (SELECT id FROM transfer WHERE journal_id = $1)",
        UUID(journal),
        days,
    )
    await owner_sql(settings, "SELECT analytics_rollup_rebuild($1)", UUID(merchant.tenant_id))


async def test_points_keep_the_value_they_were_earned_under(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given 1,000 points earned two days ago at 100 points = 1 CNY (10.00)
    merchant = await sign_up(client)
    owner = merchant.access_token
    ann = await new_member(client, owner, "ann")
    old = (await award(client, owner, ann, 1_000))["journalId"]
    await _backdate(settings, merchant, old, 2)

    # when the owner makes points worth half as much (200 = 1 CNY), in force since yesterday,
    # ann earns 1,000 more (5.00) and spends 500 (FIFO: old points)
    changed = await _schedule(client, owner, pointsPerFiatUnit=200)
    assert changed["userErrors"] == []
    await owner_sql(
        settings,
        "UPDATE currency_value SET effective_from = now() - interval '1 day'"
        " WHERE tenant_id = $1 AND points_per_unit = 200",
        UUID(merchant.tenant_id),
    )
    await award(client, owner, ann, 1_000)
    await deduct(client, owner, ann, 500)

    # then points earned now are at the new value, and the schedule shows both
    currency = await _currency(client, owner)
    assert currency["pointsPerFiatUnit"] == 200
    assert [(v["pointsPerFiatUnit"], v["inForce"], v["scheduled"])
            for v in currency["pointValues"]] == [(100, False, False), (200, True, False)]  # fmt: skip
    # and the liability reads each point at its own value: 500 old (5.00) + 1,000 new (5.00);
    # two days ago and yesterday it was the 1,000 old points (10.00), never revalued
    report = await _liability(client, owner, back=2)
    assert report["liability"] == {"points": 1_500, "value": {"amount": 1_000, "currency": "CNY"}}
    assert [(b["closingLiability"]["points"], b["closingLiability"]["value"]["amount"])
            for b in report["buckets"]] == [(1_000, 1_000), (1_000, 1_000), (1_500, 1_000)]  # fmt: skip

    # and at checkout the old points pay at their value first: all 1,500 are worth 10.00, and
    # capturing 600 of them (500 old, 100 new) pays 5.50
    backend = await create_api_key(client, merchant, ["POINTS_READ", "POINTS_WRITE"])
    order = {"amount": 10_000, "currency": "CNY"}
    quote = (await gql(client, QUOTE, {"m": ann, "a": order}, backend))["quotePointsPayment"]
    assert quote == {"maxPoints": 1_500, "maxValue": {"amount": 1_000}, "available": 1_500}
    small = {"amount": 1_000, "currency": "CNY"}  # half of 10.00 = 5.00: the 500 old points
    quote = (await gql(client, QUOTE, {"m": ann, "a": small}, backend))["quotePointsPayment"]
    assert (quote["maxPoints"], quote["maxValue"]) == (500, {"amount": 500})
    held = {"orderId": "T-1", "memberId": ann, "orderAmount": order, "points": 600,
            "idempotencyKey": secrets.token_hex(8)}  # fmt: skip
    authorized = (await gql(client, AUTHORIZE, {"i": held}, backend))["authorizePointsPayment"]
    assert authorized["userErrors"] == []
    capture = {"orderId": "T-1", "idempotencyKey": secrets.token_hex(8)}
    captured = (await gql(client, CAPTURE, {"i": capture}, backend))["capturePointsPayment"]
    assert captured["payment"] == {
        "capturedPoints": 600,
        "capturedValue": {"amount": 550, "currency": "CNY"},
    }
    report = await _liability(client, owner)
    assert report["liability"] == {"points": 900, "value": {"amount": 450, "currency": "CNY"}}
    await assert_ledger_ok(settings)


async def test_a_scheduled_value_waits_and_may_be_withdrawn(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    at = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)

    scheduled = await _schedule(client, owner, pointsPerFiatUnit=50, effectiveFrom=at.isoformat())

    values = scheduled["pointValues"]
    assert [(v["pointsPerFiatUnit"], v["inForce"], v["scheduled"]) for v in values] == [
        (100, True, False),
        (50, False, True),
    ]
    assert datetime.fromisoformat(values[1]["effectiveFrom"]) == at
    assert (await _currency(client, owner))["pointsPerFiatUnit"] == 100
    # the same time again replaces the change rather than adding one
    again = await _schedule(client, owner, pointsPerFiatUnit=80, effectiveFrom=at.isoformat())
    assert [v["pointsPerFiatUnit"] for v in again["pointValues"]] == [100, 80]
    withdrawn = (await gql(client, CANCEL, {"at": at.isoformat()}, owner))["cancelPointValue"]
    assert [v["pointsPerFiatUnit"] for v in withdrawn["pointValues"]] == [100]
    assert (await _currency(client, owner))["pointValues"][0]["inForce"] is True


async def test_refusals_change_nothing(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    owner = merchant.access_token
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    far = (datetime.now(UTC) + timedelta(days=6 * 366)).isoformat()
    refusals: list[tuple[dict[str, Any], tuple[str, str]]] = [
        ({"pointsPerFiatUnit": 200, "effectiveFrom": past}, ("effectiveFrom", "INVALID_INPUT")),
        ({"pointsPerFiatUnit": 200, "effectiveFrom": far}, ("effectiveFrom", "INVALID_INPUT")),
        ({"pointsPerFiatUnit": 0}, ("pointsPerFiatUnit", "INVALID_RATIO")),
        ({"pointsPerFiatUnit": 1_000_001}, ("pointsPerFiatUnit", "INVALID_RATIO")),
    ]
    for values, expected in refusals:
        answer = await _schedule(client, owner, **values)
        assert [(e["field"], e["code"]) for e in answer["userErrors"]] == [expected], values
        assert answer["pointValues"] is None
    # withdrawing the value in force (or nothing) is refused too
    epoch = "1970-01-01T00:00:00Z"
    refused = (await gql(client, CANCEL, {"at": epoch}, owner))["cancelPointValue"]
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_INPUT"]
    # a member may not change it
    ann = await new_member(client, owner, "ann")
    token = await member_token(client, owner, ann)
    _, errors = await gql_errors(client, SCHEDULE, {"i": {"pointsPerFiatUnit": 1}}, token)
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert [v["pointsPerFiatUnit"] for v in (await _currency(client, owner))["pointValues"]] == [
        100
    ]
