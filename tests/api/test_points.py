"""Awarding, deducting and transferring points over the API, as a bookkeeper would check."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from app.core.settings import Settings
from tests.api.graphql import gql, gql_errors, post
from tests.api.operations.members import ME, member_token, new_member
from tests.api.operations.points import (
    AWARD,
    DEDUCT,
    POLICY,
    SOON,
    TRANSFER,
    WALLET,
    age_lots,
    award,
    deduct,
    key,
    wallet,
)
from tests.api.operations.tenancy import CREATE_STAFF, LOGIN, PASSWORD, create_api_key, sign_up
from tests.ledger_check import assert_ledger_ok


async def test_award_then_deduct_leaves_the_difference(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a member with 100 points
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    awarded = await award(client, merchant.access_token, ann, 100, references={"order_id": "A-1"})
    assert awarded["userErrors"] == []
    assert awarded["wallets"] == [
        {"memberId": ann, "posted": 100, "available": 100, "pendingDebit": 0}
    ]

    # when 30 are deducted
    deducted = await deduct(client, merchant.access_token, ann, 30)

    # then 70 remain, and the history tells both movements newest first
    assert deducted["wallets"][0]["posted"] == 70
    member = await wallet(client, merchant.access_token, ann)
    assert member["wallet"] == {
        "available": 70,
        "posted": 70,
        "pendingDebit": 0,
        "pendingCredit": 0,
        "currency": "STAR",
    }
    history = member["history"]["nodes"]
    assert [(h["code"], h["change"], h["balanceAfter"]) for h in history] == [
        ("DEDUCT", -30, 70),
        ("AWARD", 100, 100),
    ]
    assert history[1]["references"] == {"order_id": "A-1"}
    assert history[1]["actor"].startswith("staff:")
    await assert_ledger_ok(settings)


async def test_overdraw_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await award(client, merchant.access_token, ann, 50)

    refused = await deduct(client, merchant.access_token, ann, 51)

    assert refused["journalId"] is None
    assert refused["userErrors"] == [
        {
            "field": "amount",
            "code": "INSUFFICIENT_POINTS",
            "message": "Only 50 points available, 51 needed.",
        }
    ]
    member = await wallet(client, merchant.access_token, ann)
    assert member["wallet"]["posted"] == 50
    assert len(member["history"]["nodes"]) == 1
    await assert_ledger_ok(settings)


async def test_bad_amounts_and_unknown_members_are_refused(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    other = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    stranger = await new_member(client, other.access_token, "stranger")
    for amount in (0, -5, 2**53):
        payload = await award(client, merchant.access_token, ann, amount)
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("INVALID_AMOUNT", "amount")
        ]
    for member in (stranger, "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        payload = await award(client, merchant.access_token, member, 10)
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("MEMBER_NOT_FOUND", "memberId")
        ]
    huge = await award(client, merchant.access_token, ann, 2**64)
    assert [(e["code"], e["field"]) for e in huge["userErrors"]] == [("INVALID_AMOUNT", "amount")]
    wrong = await award(client, merchant.access_token, ann, 10, currency="NOPE")
    assert [(e["code"], e["field"]) for e in wrong["userErrors"]] == [
        ("WRONG_CURRENCY", "currency")
    ]
    status, _ = await gql_errors(
        client,
        AWARD,
        {"input": {"memberId": ann, "amount": 1.5, "reason": "x", "idempotencyKey": "k"}},
        merchant.access_token,
    )
    assert status == 400
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 0


async def test_idempotency_key_replays_and_refuses_reuse(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    values = {"memberId": ann, "amount": 40, "reason": "welcome", "idempotencyKey": "order-1"}

    first = (await gql(client, AWARD, {"input": values}, merchant.access_token))["awardPoints"]
    again = (await gql(client, AWARD, {"input": values}, merchant.access_token))["awardPoints"]
    reused = (await gql(client, AWARD, {"input": {**values, "amount": 41}}, merchant.access_token))[
        "awardPoints"
    ]

    assert first["replayed"] is False
    assert again == {**first, "replayed": True}
    assert reused["userErrors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 40
    await assert_ledger_ok(settings)


async def test_a_refusal_is_replayed_too(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    values = {"memberId": ann, "amount": 10, "reason": "x", "idempotencyKey": "deduct-1"}

    first = (await gql(client, DEDUCT, {"input": values}, merchant.access_token))["deductPoints"]
    await award(client, merchant.access_token, ann, 100)
    again = (await gql(client, DEDUCT, {"input": values}, merchant.access_token))["deductPoints"]

    assert first["userErrors"][0]["code"] == "INSUFFICIENT_POINTS"
    assert again["userErrors"] == first["userErrors"]
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 100


async def test_twenty_concurrent_requests_with_one_key_apply_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    values = {"memberId": ann, "amount": 7, "reason": "once", "idempotencyKey": "same-key"}

    answers = await asyncio.gather(
        *(gql(client, AWARD, {"input": values}, merchant.access_token) for _ in range(20))
    )

    payloads = [a["awardPoints"] for a in answers]
    assert len({p["journalId"] for p in payloads}) == 1
    assert sum(not p["replayed"] for p in payloads) == 1
    assert {str({**p, "replayed": None}) for p in payloads} == {
        str({**payloads[0], "replayed": None})
    }
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 7
    await assert_ledger_ok(settings)


async def test_fifty_concurrent_deductions_of_ten_from_a_hundred(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a wallet of 100 (in 4 lots)
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    for amount in (25, 25, 25, 25):
        await award(client, merchant.access_token, ann, amount)

    # when 50 deductions of 10 race
    results = await asyncio.gather(
        *(deduct(client, merchant.access_token, ann, 10) for _ in range(50))
    )

    # then exactly 10 succeed and the wallet is empty
    codes = [r["userErrors"][0]["code"] if r["userErrors"] else "OK" for r in results]
    assert codes.count("OK") == 10
    assert codes.count("INSUFFICIENT_POINTS") == 40
    member = await wallet(client, merchant.access_token, ann)
    assert member["wallet"]["posted"] == 0
    assert member["lots"]["nodes"] == []
    await assert_ledger_ok(settings)


async def test_fifo_spends_the_earliest_expiring_points_first(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given points earned in "January" expiring in March, then in "February" expiring in December
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    year = datetime.now(UTC).year + 1
    december, march = f"{year}-12-31T00:00:00+00:00", f"{year}-03-31T00:00:00+00:00"
    await award(client, merchant.access_token, ann, 60, expiresAt=march)
    await award(client, merchant.access_token, ann, 60, expiresAt=december)

    # when 80 are spent
    await deduct(client, merchant.access_token, ann, 80)

    # then the March lot is empty and the December lot keeps 40
    lots = (await wallet(client, merchant.access_token, ann))["lots"]["nodes"]
    assert [(lot["expiresAt"], lot["remaining"]) for lot in lots] == [(december, 40)]
    await assert_ledger_ok(settings)


async def test_an_award_that_would_be_born_expired_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()

    refused = await award(client, merchant.access_token, ann, 30, expiresAt=past)

    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        ("expiresAt", "INVALID_INPUT")
    ]
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 0
    await assert_ledger_ok(settings)


async def test_a_retry_after_the_awards_expiry_passed_is_answered_with_what_it_did(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    soon = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()

    first = await award(client, merchant.access_token, ann, 30, expiresAt=soon, idempotencyKey="a1")
    await asyncio.sleep(1.2)
    retry = await award(client, merchant.access_token, ann, 30, expiresAt=soon, idempotencyKey="a1")

    assert (first["userErrors"], first["replayed"]) == ([], False)
    assert (retry["userErrors"], retry["replayed"]) == ([], True)
    await assert_ledger_ok(settings)


async def test_expired_points_are_not_available_and_not_spent(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await award(client, merchant.access_token, ann, 30, expiresAt=SOON)
    await age_lots(settings, ann)
    await award(client, merchant.access_token, ann, 20)

    before = (await wallet(client, merchant.access_token, ann))["wallet"]
    refused = await deduct(client, merchant.access_token, ann, 25)
    after = await wallet(client, merchant.access_token, ann)

    assert (before["posted"], before["available"]) == (50, 20)
    assert refused["userErrors"][0]["code"] == "INSUFFICIENT_POINTS"
    assert after["wallet"]["posted"] == 50
    spent = await deduct(client, merchant.access_token, ann, 20)
    assert spent["wallets"][0]["posted"] == 0
    codes = [
        h["code"] for h in (await wallet(client, merchant.access_token, ann))["history"]["nodes"]
    ]
    assert codes == ["DEDUCT", "EXPIRE", "AWARD", "AWARD"]
    await assert_ledger_ok(settings)


async def test_transfers_need_the_policy_and_keep_expiry(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    bob = await new_member(client, merchant.access_token, "bob")
    expiry = f"{datetime.now(UTC).year + 1}-06-30T00:00:00+00:00"
    await award(client, merchant.access_token, ann, 100, expiresAt=expiry)
    values = {"fromMemberId": ann, "toMemberId": bob, "amount": 30, "idempotencyKey": key()}

    disabled = (await gql(client, TRANSFER, {"input": values}, merchant.access_token))[
        "transferPoints"
    ]
    await gql(
        client,
        POLICY,
        {
            "input": {
                "expiryKind": "NEVER",
                "memberTransfersEnabled": True,
                "memberTransferDailyCap": 50,
            }
        },
        merchant.access_token,
    )
    done = (
        await gql(
            client, TRANSFER, {"input": {**values, "idempotencyKey": key()}}, merchant.access_token
        )
    )["transferPoints"]

    assert disabled["userErrors"][0]["code"] == "TRANSFERS_DISABLED"
    assert sorted((w["memberId"], w["posted"]) for w in done["wallets"]) == sorted(
        [(ann, 70), (bob, 30)]
    )
    bob_lots = (await wallet(client, merchant.access_token, bob))["lots"]["nodes"]
    assert [(lot["remaining"], lot["expiresAt"]) for lot in bob_lots] == [(30, expiry)]

    # a member sends its own points within the daily cap
    token = await member_token(client, merchant.access_token, ann)
    own = {"toMemberId": bob, "amount": 40, "idempotencyKey": key()}
    first = (await gql(client, TRANSFER, {"input": own}, token))["transferPoints"]
    over = (
        await gql(
            client, TRANSFER, {"input": {**own, "amount": 11, "idempotencyKey": key()}}, token
        )
    )["transferPoints"]
    assert first["userErrors"] == []
    assert over["userErrors"][0]["code"] == "DAILY_CAP_REACHED"
    me = await gql(client, ME.replace("}", " wallet { posted } }", 1), token=token)
    assert me["me"]["wallet"]["posted"] == 30
    await assert_ledger_ok(settings)


async def test_opposite_transfers_race_without_deadlock(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    bob = await new_member(client, merchant.access_token, "bob")
    await award(client, merchant.access_token, ann, 1000)
    await award(client, merchant.access_token, bob, 1000)
    await gql(
        client,
        POLICY,
        {"input": {"expiryKind": "NEVER", "memberTransfersEnabled": True}},
        merchant.access_token,
    )

    def move(source: str, target: str) -> dict[str, object]:
        return {
            "input": {
                "fromMemberId": source,
                "toMemberId": target,
                "amount": 5,
                "idempotencyKey": key(),
            }
        }

    results = await asyncio.gather(
        *(
            gql(
                client, TRANSFER, move(ann, bob) if i % 2 else move(bob, ann), merchant.access_token
            )
            for i in range(40)
        )
    )

    assert all(r["transferPoints"]["userErrors"] == [] for r in results)
    total = [
        (await wallet(client, merchant.access_token, m))["wallet"]["posted"] for m in (ann, bob)
    ]
    assert total == [1000, 1000]
    await assert_ledger_ok(settings)


async def test_points_need_the_role_or_scope(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    reader = await create_api_key(client, merchant, ["MEMBERS_READ"])
    writer = await create_api_key(client, merchant, ["POINTS_WRITE", "MEMBERS_READ"])
    token = await member_token(client, merchant.access_token, ann)

    for caller in (reader, token):
        _, errors = await gql_errors(
            client,
            AWARD,
            {"input": {"memberId": ann, "amount": 5, "reason": "x", "idempotencyKey": key()}},
            caller,
        )
        assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert (await award(client, writer, ann, 5))["userErrors"] == []
    member = (await gql(client, WALLET, {"id": ann}, reader))["member"]
    assert member["wallet"]["posted"] == 5


async def test_history_filters_by_code_and_time(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await award(client, merchant.access_token, ann, 10)
    await deduct(client, merchant.access_token, ann, 3)
    query = """query($id: ID!, $f: HistoryFilter) { member(id: $id) {
        history(first: 10, filter: $f) { nodes { code change } } } }"""
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()

    deducts = await gql(
        client, query, {"id": ann, "f": {"codes": ["DEDUCT"]}}, merchant.access_token
    )
    later = await gql(client, query, {"id": ann, "f": {"since": future}}, merchant.access_token)
    before = await gql(client, query, {"id": ann, "f": {"until": future}}, merchant.access_token)

    assert deducts["member"]["history"]["nodes"] == [{"code": "DEDUCT", "change": -3}]
    assert later["member"]["history"]["nodes"] == []
    assert [n["code"] for n in before["member"]["history"]["nodes"]] == ["DEDUCT", "AWARD"]


async def test_authorization_matrix_for_points_mutations(client: httpx.AsyncClient) -> None:
    # given a member with points, staff of each role, a member token, and another merchant
    merchant = await sign_up(client)
    other = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    await award(client, merchant.access_token, ann, 50)
    callers: dict[str, str | None] = {
        "anonymous": None,
        "member": await member_token(client, merchant.access_token, ann),
    }
    for role in ("VIEWER", "STAFF", "ADMIN"):
        email = f"{role.lower()}@{merchant.slug}.example.com"
        await gql(
            client,
            CREATE_STAFF,
            {"input": {"email": email, "password": PASSWORD, "role": role}},
            merchant.access_token,
        )
        login = await gql(client, LOGIN, {"input": {"email": email, "password": PASSWORD}})
        callers[role] = login["login"]["session"]["accessToken"]
    callers["other tenant's owner"] = other.access_token
    expected = {
        "anonymous": "UNAUTHENTICATED",
        "member": "FORBIDDEN",
        "VIEWER": "FORBIDDEN",
        "STAFF": "FORBIDDEN",
        "ADMIN": "OK",
        "other tenant's owner": "MEMBER_NOT_FOUND",
    }

    for name, token in callers.items():
        for document, field in ((AWARD, "awardPoints"), (DEDUCT, "deductPoints")):
            values = {"memberId": ann, "amount": 1, "reason": "matrix", "idempotencyKey": key()}
            response = await post(client, document, {"input": values}, token)
            body = response.json()
            if body.get("errors"):
                outcome = body["errors"][0]["extensions"]["code"]
            else:
                errors = body["data"][field]["userErrors"]
                outcome = errors[0]["code"] if errors else "OK"
            assert outcome == expected[name], (name, field)
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 50


async def test_the_points_policy_reads_back_what_was_set(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)
    policy = {
        "expiryKind": "MONTH_END",
        "expiryMonths": 12,
        "restoreRule": "FRESH",
        "memberTransfersEnabled": True,
        "memberTransferDailyCap": 500,
    }

    await gql(client, POLICY, {"input": policy}, merchant.access_token)
    data = await gql(
        client,
        "{ pointsPolicy { expiryKind expiryMonths restoreRule memberTransfersEnabled memberTransferDailyCap } }",
        token=merchant.access_token,
    )
    refused = await gql(
        client, POLICY, {"input": {"expiryKind": "ROLLING_DAYS"}}, merchant.access_token
    )

    assert data["pointsPolicy"] == policy
    assert refused["updatePointsPolicy"]["userErrors"] == [
        {"field": "expiryDays", "code": "INVALID_POLICY"}
    ]


async def test_no_wallet_goes_past_the_points_range(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a member holding the most points a client can read exactly
    merchant = await sign_up(client)
    ann = await new_member(client, merchant.access_token, "ann")
    bob = await new_member(client, merchant.access_token, "bob")
    assert (await award(client, merchant.access_token, ann, 2**53 - 1))["userErrors"] == []

    # when one more point is awarded to her, and the maximum to another member
    more = await award(client, merchant.access_token, ann, 1)
    other = await award(client, merchant.access_token, bob, 2**53 - 1)

    # then hers is refused with a code and changes nothing; the other member's goes through
    assert [(e["code"], e["field"]) for e in more["userErrors"]] == [("BALANCE_LIMIT", "amount")]
    assert (await wallet(client, merchant.access_token, ann))["wallet"]["posted"] == 2**53 - 1
    assert other["userErrors"] == []
    await assert_ledger_ok(settings)
