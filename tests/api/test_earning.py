"""Purchases earn points by the merchant's rules and campaigns; refunds take them back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg
import httpx

from app.core.citus import FAN_OUT
from app.core.db import database_credentials, tenant_scope
from app.core.settings import Settings
from app.earning.models import PurchaseRecord
from app.earning.purchases import release_due_purchases
from tests.api.graphql import gql
from tests.api.operations.earning import CAMPAIGN, PREVIEW, SETTINGS, order, record, refund
from tests.api.operations.members import new_member
from tests.api.operations.points import deduct, wallet
from tests.api.operations.tenancy import create_api_key, sign_up
from tests.ledger_check import assert_ledger_ok

NOW = datetime.now(UTC)


async def _campaign(client: httpx.AsyncClient, token: str, **values: object) -> str:
    campaign = {
        "name": "Double points",
        "kind": "MULTIPLIER",
        "multiplier": "2",
        "startsAt": (NOW - timedelta(days=1)).isoformat(),
        "endsAt": (NOW + timedelta(days=1)).isoformat(),
        **values,
    }
    data = await gql(client, CAMPAIGN, {"input": {"campaign": campaign}}, token)
    assert data["createCampaign"]["userErrors"] == []
    campaign_id: str = data["createCampaign"]["campaign"]["id"]
    return campaign_id


async def test_a_new_merchant_earns_one_point_per_unit_pending_for_seven_days(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a new merchant (default rule, 7-day returns) and its backend's key
    merchant = await sign_up(client)
    key = await create_api_key(client, merchant, ["PURCHASES_WRITE", "MEMBERS_READ"])
    ann = await new_member(client, merchant.access_token, "ann")

    # when the backend reports a 99.99 CNY order
    recorded = await record(client, key, order(ann, 9_999))

    # then 99 points are promised but not yet spendable
    purchase = recorded["purchase"]
    assert (purchase["points"], purchase["status"]) == (99, "PENDING")
    assert purchase["breakdown"] == [{"source": "RULE", "label": "1 point per 1 CNY", "points": 99}]
    member = await wallet(client, merchant.access_token, ann)
    assert (member["wallet"]["available"], member["wallet"]["pendingCredit"]) == (0, 99)
    assert member["history"]["nodes"][0]["references"]["order_id"] == purchase["orderId"]
    await assert_ledger_ok(settings)


async def test_points_become_spendable_when_the_return_window_closes(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    recorded = await record(client, merchant.access_token, order(ann, 5_000))
    tenant = UUID(merchant.tenant_id)
    async with tenant_scope(tenant):
        await PurchaseRecord.filter(order_id=recorded["purchase"]["orderId"]).update(
            release_at=NOW - timedelta(seconds=1)
        )

    assert await release_due_purchases(tenant) == 1
    assert await release_due_purchases(tenant) == 0

    member = await wallet(client, merchant.access_token, ann)
    assert (member["wallet"]["available"], member["wallet"]["pendingCredit"]) == (50, 0)
    await assert_ledger_ok(settings)


async def test_campaigns_stack_as_the_merchant_says(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await _campaign(client, merchant.access_token, name="Holiday x2")
    await _campaign(client, merchant.access_token, name="Members x2")
    values = order(ann, 10_000)
    del values["idempotencyKey"]
    totals = {}
    for stacking in ("MULTIPLY", "ADD", "BEST_OF"):
        await gql(
            client,
            SETTINGS,
            {"input": {"returnWindowDays": 7, "stacking": stacking}},
            merchant.access_token,
        )
        preview = await gql(client, PREVIEW, {"input": values}, merchant.access_token)
        totals[stacking] = preview["previewEarn"]["total"]
    assert totals == {"MULTIPLY": 400, "ADD": 300, "BEST_OF": 200}
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["pendingCredit"] == 0


async def test_tagged_campaign_and_budget(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await _campaign(client, merchant.access_token, tags=["new"], budgetPoints=50)
    items = [
        {"sku": "latte", "category": "drinks", "tags": ["new"], "unitPrice": 3_000, "quantity": 1},
        {"sku": "cake", "category": "food", "unitPrice": 7_000, "quantity": 1},
    ]

    first = await record(client, merchant.access_token, order(ann, 10_000, items=items))
    second = await record(client, merchant.access_token, order(ann, 10_000, items=items))

    assert [line["points"] for line in first["purchase"]["breakdown"]] == [100, 30]
    assert [line["points"] for line in second["purchase"]["breakdown"]] == [100, 20]


async def test_the_same_order_twice_earns_once_even_concurrently(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    values = order(ann, 2_000)

    results = await asyncio.gather(
        *(
            record(client, merchant.access_token, {**values, "idempotencyKey": f"k{i}"})
            for i in range(10)
        )
    )

    assert sum(not r["replayed"] for r in results) == 1
    assert {r["purchase"]["points"] for r in results} == {20}
    member = await wallet(client, merchant.access_token, ann)
    assert member["wallet"]["pendingCredit"] == 20
    different = await record(
        client, merchant.access_token, {**values, "amount": {"amount": 1, "currency": "CNY"}}
    )
    assert different["userErrors"][0]["code"] == "ORDER_ALREADY_RECORDED"
    await assert_ledger_ok(settings)


async def test_refunds_take_back_points_in_proportion(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a pending order of 100.00 CNY that earned 100 points
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    recorded = await record(client, merchant.access_token, order(ann, 10_000))
    order_id = recorded["purchase"]["orderId"]

    # when 33.33 CNY, then the rest, are refunded (the first twice, with one key)
    first = await refund(client, merchant.access_token, order_id, 3_333, key="r1")
    again = await refund(client, merchant.access_token, order_id, 3_333, key="r1")
    rest = await refund(client, merchant.access_token, order_id, 6_667)
    more = await refund(client, merchant.access_token, order_id, 1)

    # then 33 points go, then the other 67, and nothing more
    assert first["userErrors"] == [], first
    assert first["purchase"]["refundedPoints"] == 33
    assert again["purchase"]["refundedPoints"] == 33
    assert (rest["purchase"]["refundedPoints"], rest["purchase"]["status"]) == (100, "REFUNDED")
    assert more["userErrors"][0]["code"] == "NOTHING_TO_REFUND"
    member = await wallet(client, merchant.access_token, ann)
    assert (member["wallet"]["posted"], member["wallet"]["pendingCredit"]) == (0, 0)
    await assert_ledger_ok(settings)


async def test_refund_after_the_points_were_spent(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given 100 points earned with no return window, 80 of them spent
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await gql(
        client,
        SETTINGS,
        {"input": {"returnWindowDays": 0, "stacking": "MULTIPLY"}},
        merchant.access_token,
    )
    recorded = await record(client, merchant.access_token, order(ann, 10_000))
    await deduct(client, merchant.access_token, ann, 80)

    # when the whole order is refunded
    refunded = await refund(client, merchant.access_token, recorded["purchase"]["orderId"], 10_000)

    # then the 20 left are taken and the wallet stops at zero
    assert refunded["purchase"]["refundedPoints"] == 100
    member = await wallet(client, merchant.access_token, ann)
    assert member["wallet"]["posted"] == 0
    assert member["history"]["nodes"][0]["code"] == "CLAWBACK"
    assert member["history"]["nodes"][0]["references"]["shortfall"] == 80
    await assert_ledger_ok(settings)


async def test_bad_purchases_are_refused(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    other = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    stranger = await new_member(client, other.access_token, "x")
    cases = [
        ({**order(ann, 100), "amount": {"amount": 100, "currency": "USD"}}, "WRONG_CURRENCY"),
        (order(ann, -1), "INVALID_AMOUNT"),
        (order(stranger, 100), "MEMBER_NOT_FOUND"),
        ({**order(ann, 100), "orderId": ""}, "INVALID_INPUT"),
        ({**order(ann, 100), "externalMemberId": "ann"}, "INVALID_INPUT"),
    ]
    for values, code in cases:
        result = await record(client, merchant.access_token, values)
        assert [e["code"] for e in result["userErrors"]] == [code]
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["pendingCredit"] == 0


async def test_campaign_and_rule_windows_at_their_boundaries(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    starts, ends = datetime(2026, 12, 12, tzinfo=UTC), datetime(2026, 12, 13, tzinfo=UTC)
    await _campaign(
        client, merchant.access_token, startsAt=starts.isoformat(), endsAt=ends.isoformat()
    )

    async def total(at: datetime) -> int:
        values = order(ann, 10_000, occurredAt=at.isoformat())
        del values["idempotencyKey"]
        preview = await gql(client, PREVIEW, {"input": values}, merchant.access_token)
        points: int = preview["previewEarn"]["total"]
        return points

    assert await total(starts - timedelta(microseconds=1)) == 100
    assert await total(starts) == 200
    assert await total(ends - timedelta(microseconds=1)) == 200
    assert await total(ends) == 100


async def test_blocked_members_earn_nothing(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await gql(
        client,
        "mutation($id: ID!) { blockMember(input: {memberId: $id}) { member { status } } }",
        {"id": ann},
        merchant.access_token,
    )

    result = await record(client, merchant.access_token, order(ann, 10_000))

    assert [e["code"] for e in result["userErrors"]] == ["MEMBER_BLOCKED"]


async def test_repay_first_collects_the_shortfall_from_later_earnings(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given REPAY_FIRST, no return window, and an order of 100 points of which 80 were spent
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    policy = {"returnWindowDays": 0, "stacking": "MULTIPLY", "clawbackPolicy": "REPAY_FIRST"}
    await gql(client, SETTINGS, {"input": policy}, merchant.access_token)
    first = await record(client, merchant.access_token, order(ann, 10_000))
    await deduct(client, merchant.access_token, ann, 80)

    # when the order is refunded (80 short), then two more orders earn 50 each
    await refund(client, merchant.access_token, first["purchase"]["orderId"], 10_000)
    await record(client, merchant.access_token, order(ann, 5_000))
    after_one = (await wallet(client, merchant.access_token, ann))["wallet"]["posted"]
    await record(client, merchant.access_token, order(ann, 5_000))

    # then the first repays 50 of the debt, the second the last 30, and 20 remain
    member = await wallet(client, merchant.access_token, ann)
    assert (after_one, member["wallet"]["posted"]) == (0, 20)
    assert [n["code"] for n in member["history"]["nodes"][:2]] == ["CLAWBACK_REPAY", "PURCHASE"]
    await assert_ledger_ok(settings)


async def test_a_campaign_caps_what_one_member_gets(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await _campaign(client, merchant.access_token, perMemberCap=150)

    points = [
        (await record(client, merchant.access_token, order(ann, 10_000)))["purchase"]["points"]
        for _ in range(3)
    ]

    assert points == [200, 150, 100]


async def test_refund_by_items_values_them_at_their_share(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    items = [
        {"sku": "latte", "category": "drinks", "unitPrice": 3_000, "quantity": 2},
        {"sku": "cake", "category": "food", "unitPrice": 4_000, "quantity": 1},
    ]
    recorded = await record(
        client, merchant.access_token, order(ann, 5_000, items=items)
    )  # 100.00 listed, 50.00 paid
    values = {
        "orderId": recorded["purchase"]["orderId"],
        "items": [{"sku": "latte", "quantity": 1}],
        "idempotencyKey": "ri-1",
    }

    data = await gql(
        client,
        "mutation($i: RefundPurchaseInput!) { refundPurchase(input: $i) { purchase { refundedAmount refundedPoints } userErrors { code } } }",
        {"i": values},
        merchant.access_token,
    )
    wrong = await gql(
        client,
        "mutation($i: RefundPurchaseInput!) { refundPurchase(input: $i) { userErrors { code field } } }",
        {"i": {**values, "items": [{"sku": "latte", "quantity": 3}], "idempotencyKey": "ri-2"}},
        merchant.access_token,
    )

    assert data["refundPurchase"]["purchase"] == {"refundedAmount": 1_500, "refundedPoints": 15}
    assert wrong["refundPurchase"]["userErrors"] == [{"code": "INVALID_INPUT", "field": "items"}]


async def test_a_release_after_the_hold_expired_still_pays_the_member(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    recorded = await record(client, merchant.access_token, order(ann, 4_000))
    tenant = UUID(merchant.tenant_id)
    async with tenant_scope(tenant):
        purchase = await PurchaseRecord.get(order_id=recorded["purchase"]["orderId"])
        purchase.release_at = NOW - timedelta(days=60)
        await purchase.save(update_fields=["release_at"])
    await _expire_hold(settings, purchase.hold_id)

    assert await release_due_purchases(tenant) == 1

    member = await wallet(client, merchant.access_token, ann)
    assert (member["wallet"]["available"], member["wallet"]["pendingCredit"]) == (40, 0)
    await assert_ledger_ok(settings)


async def _expire_hold(settings: Settings, hold_id: UUID | None) -> None:
    """Back-date a hold's expiry, as the database owner (transfers are append-only)."""
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await owner.execute(FAN_OUT)  # a hand edit by id (on Citus: on every shard)
        await owner.execute("ALTER TABLE transfer DISABLE TRIGGER transfer_append_only")
        await owner.execute(
            "UPDATE transfer SET expires_at = now() - interval '1 day' WHERE id = $1", hold_id
        )
    finally:
        await owner.execute("ALTER TABLE transfer ENABLE TRIGGER transfer_append_only")
        await owner.close()
