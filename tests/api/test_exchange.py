"""Points circulating between merchants through the platform currency."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import pytest

from app.core.db import database_credentials
from app.core.ids import uuid7
from app.core.settings import Settings
from app.settlement.verify import verify_settlement
from tests.api.graphql import gql, gql_errors
from tests.api.operations.exchange import (
    LINK,
    SETTINGS,
    assert_settlement_ok,
    configure_plat,
    execute,
    new_phone,
    operator_token,
    quote,
    set_rate,
    shop,
    two_shops,
)
from tests.api.operations.members import member_token, upsert
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

CLOSE = """mutation($i: CloseSettlementPeriodInput!) { closeSettlementPeriod(input: $i) {
  batch { id status obligationsTotal { amount } platformNet { amount } platformRevenue { amount }
          lines { tenantId net { amount currency } receivable { amount } payable { amount } } }
  userErrors { code } } }"""
STATEMENTS = """{ settlementStatements(first: 10) { nodes { batchStatus
  line { net { amount } } kinds { kind amount { amount } count } } } }"""


async def test_a_member_converts_acme_points_to_beta_points(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given ACME at 1 PLAT a point (1% spread) and BETA at 0.5 PLAT a point (0.5% spread), PLAT
    # worth one fen, and Ann linked at both with 5,000 ACME points
    world = await two_shops(client, ("1", 100), ("0.5", 50), 5000)
    operator, acme, beta = world.operator, world.acme, world.beta

    # when she converts 1,000 ACME points
    offer = await quote(client, acme.member_token, acme.code, beta.code, 1000)
    done = await execute(client, acme.member_token, offer["quote"]["id"])

    # then 1000 x 0.99 = 990 PLAT buys 990 / 0.5 x 0.995 = 1970.1 -> 1970 BETA points
    priced = offer["quote"]
    assert offer["userErrors"] == []
    assert (priced["amountIn"], priced["amountOut"], priced["rate"]) == (1000, 1970, "1.9701")
    assert (priced["valueIn"]["amount"], priced["valueOut"]["amount"]) == (1000, 985)
    assert priced["fee"] == {"amount": 15, "currency": "CNY"}
    assert (priced["fromRateVersion"], priced["toRateVersion"]) == (1, 1)
    assert done["userErrors"] == []
    assert done["quote"]["status"] == "EXECUTED"
    acme_wallet = await wallet(client, acme.merchant.access_token, acme.member_id)
    beta_wallet = await wallet(client, beta.merchant.access_token, beta.member_id)
    assert acme_wallet["wallet"]["posted"] == 4000
    assert beta_wallet["wallet"]["posted"] == 1970

    # and the period's batch nets it: ACME pays 10.00, BETA receives 9.85, the platform keeps 0.15
    until = datetime.now(UTC).isoformat()
    closed = (await gql(client, CLOSE, {"i": {"until": until}}, operator))["closeSettlementPeriod"]
    batch = closed["batch"]
    lines = {line["tenantId"]: line for line in batch["lines"]}
    assert lines[acme.merchant.tenant_id]["net"] == {"amount": -1000, "currency": "CNY"}
    assert lines[acme.merchant.tenant_id]["payable"]["amount"] == 1000
    assert lines[beta.merchant.tenant_id]["net"]["amount"] == 985
    assert batch["platformNet"]["amount"] == -sum(line["net"]["amount"] for line in lines.values())
    assert batch["platformRevenue"]["amount"] >= 15
    statement = (await gql(client, STATEMENTS, token=acme.merchant.access_token))[
        "settlementStatements"
    ]["nodes"]
    assert statement == [
        {
            "batchStatus": "DRAFT",
            "line": {"net": {"amount": -1000}},
            "kinds": [{"kind": "EXCHANGE_OUT", "amount": {"amount": 1000}, "count": 1}],
        }
    ]
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


async def test_thirty_executions_of_one_quote_convert_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a quote for 100 ACME points
    world = await two_shops(client, ("1", 0), ("1", 0), 1000)
    acme, beta = world.acme, world.beta
    offer = (await quote(client, acme.member_token, acme.code, beta.code, 100))["quote"]

    # when 15 requests share one key and 15 bring their own, all at once
    results = await asyncio.gather(
        *(execute(client, acme.member_token, offer["id"], "same-key") for _ in range(15)),
        *(execute(client, acme.member_token, offer["id"]) for _ in range(15)),
    )

    # then the points moved once; the shared key answers alike, the others are refused
    shared, others = results[:15], results[15:]
    assert len({str(result) for result in shared}) <= 2  # first answer and its replays
    winners = [r for r in results if not r["userErrors"] and not r["replayed"]]
    assert len(winners) == 1
    refused = [r["userErrors"][0]["code"] for r in others if r["userErrors"]]
    assert set(refused) <= {"QUOTE_ALREADY_EXECUTED"}
    assert len(refused) >= 14
    assert (await wallet(client, acme.merchant.access_token, acme.member_id))["wallet"][
        "posted"
    ] == 900
    assert (await wallet(client, beta.merchant.access_token, beta.member_id))["wallet"][
        "posted"
    ] == 100
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


async def test_concurrent_exchanges_never_overdraw_the_wallet(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given 500 points and ten quotes of 100
    world = await two_shops(client, ("1", 0), ("2", 0), 500)
    acme, beta = world.acme, world.beta
    offers = [
        (await quote(client, acme.member_token, acme.code, beta.code, 100))["quote"]["id"]
        for _ in range(10)
    ]

    # when all ten execute at once
    results = await asyncio.gather(*(execute(client, acme.member_token, q) for q in offers))

    # then five go through and five find the points gone
    outcomes = sorted(r["userErrors"][0]["code"] if r["userErrors"] else "OK" for r in results)
    assert outcomes == ["INSUFFICIENT_POINTS"] * 5 + ["OK"] * 5
    assert (await wallet(client, acme.merchant.access_token, acme.member_id))["wallet"][
        "posted"
    ] == 0
    assert (await wallet(client, beta.merchant.access_token, beta.member_id))["wallet"][
        "posted"
    ] == 250
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


async def test_closing_periods_while_exchanges_run_loses_and_doubles_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given twenty quotes ready to execute
    world = await two_shops(client, ("1", 100), ("1", 100), 10_000)
    operator, acme, beta = world.operator, world.acme, world.beta
    offers = [
        (await quote(client, acme.member_token, acme.code, beta.code, 100 + n))["quote"]["id"]
        for n in range(20)
    ]

    async def close() -> None:
        await asyncio.sleep(0)
        until = datetime.now(UTC).isoformat()
        await gql(client, CLOSE, {"i": {"until": until}}, operator)

    # when they execute while three periods close
    await asyncio.gather(
        *(execute(client, acme.member_token, q) for q in offers), *(close() for _ in range(3))
    )
    await close()

    # then every obligation of these exchanges is in exactly one batch, and the batches add up
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        rows = await connection.fetch(
            "SELECT o.batch_id, o.kind, o.amount_minor FROM obligation o"
            " WHERE o.quote_id = ANY($1::uuid[])",
            offers,
        )
    finally:
        await connection.close()
    assert len(rows) == 20 * 3
    assert all(row["batch_id"] is not None for row in rows)
    owed = sum(row["amount_minor"] for row in rows if row["kind"] == "EXCHANGE_OUT")
    assert owed == sum(100 + n for n in range(20))
    statements = (await gql(client, STATEMENTS, token=acme.merchant.access_token))[
        "settlementStatements"
    ]["nodes"]
    assert sum(s["line"]["net"]["amount"] for s in statements) == -owed
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


async def test_a_quote_keeps_its_rate_until_it_expires(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a quote at ACME's first rate
    world = await two_shops(client, ("1", 0), ("1", 0), 1000)
    operator, acme, beta = world.operator, world.acme, world.beta
    first = (await quote(client, acme.member_token, acme.code, beta.code, 100))["quote"]
    stale = (await quote(client, acme.member_token, acme.code, beta.code, 100))["quote"]

    # when the operator halves ACME's rate before the quote executes
    changed = await set_rate(client, operator, acme.merchant.tenant_id, acme.code, "0.5", 0)
    done = await execute(client, acme.member_token, first["id"])
    second = (await quote(client, acme.member_token, acme.code, beta.code, 100))["quote"]
    await _expire(settings, stale["id"])
    expired = await execute(client, acme.member_token, stale["id"])

    # then the first quote converts at its locked rate, new quotes at the new one
    assert changed["rate"]["version"] == 2
    assert (first["amountOut"], done["quote"]["amountOut"]) == (100, 100)
    assert (second["amountOut"], second["fromRateVersion"]) == (50, 2)
    assert expired["userErrors"] == [{"field": "quoteId", "code": "QUOTE_EXPIRED"}]
    assert (await wallet(client, beta.merchant.access_token, beta.member_id))["wallet"][
        "posted"
    ] == 100
    history = await gql(
        client,
        "query($c: String!) { exchangeRates(code: $c) { version platPerPoint } }",
        {"c": acme.code},
        operator,
    )
    assert history["exchangeRates"] == [
        {"version": 2, "platPerPoint": "0.5"},
        {"version": 1, "platPerPoint": "1"},
    ]
    await assert_ledger_ok(settings)


async def _expire(settings: Settings, quote_id: str) -> None:
    """Move a quote's expiry into the past (waiting two minutes would be the alternative)."""
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await connection.execute(
            "UPDATE exchange_quote SET expires_at = now() - interval '1 second' WHERE id = $1",
            UUID(quote_id),
        )
    finally:
        await connection.close()


async def test_platform_points_go_from_one_merchant_to_another(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given Ann with 1,000 ACME points (0.8 PLAT each)
    world = await two_shops(client, ("0.8", 0), ("0.4", 0), 1000)
    acme, beta = world.acme, world.beta
    plat = "{ platformWallet { posted currency } }"

    # when she takes 1,000 ACME points to PLAT, then spends 500 PLAT at BETA (from BETA's app)
    to_plat = (await quote(client, acme.member_token, acme.code, "PLAT", 1000))["quote"]
    await execute(client, acme.member_token, to_plat["id"])
    held = (await gql(client, plat, token=beta.member_token))["platformWallet"]
    to_beta = (await quote(client, beta.member_token, "PLAT", beta.code, 500))["quote"]
    await execute(client, beta.member_token, to_beta["id"])

    # then one PLAT wallet served both memberships
    assert (to_plat["amountOut"], held) == (800, {"posted": 800, "currency": "PLAT"})
    assert to_beta["amountOut"] == 1250
    assert (await gql(client, plat, token=acme.member_token))["platformWallet"]["posted"] == 300
    assert (await wallet(client, beta.merchant.access_token, beta.member_id))["wallet"][
        "posted"
    ] == 1250
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


async def test_bad_exchange_requests_are_refused_and_change_nothing(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    world = await two_shops(client, ("1", 0), ("1", 0))
    acme, beta = world.acme, world.beta
    owner = acme.merchant.access_token
    await award(client, owner, acme.member_id, 1000)
    bob = (await upsert(client, owner, externalId="bob", phone=new_phone()))["member"]["id"]
    bob_token = await member_token(client, owner, bob)
    cap = {"exchangeIn": True, "exchangeOut": True, "memberDailyCap": 150}
    await gql(client, SETTINGS, {"i": cap}, owner)

    def code(payload: dict[str, Any]) -> str:
        return str(payload["userErrors"][0]["code"])

    unverified = await gql(client, LINK, {"v": "PHONE"}, bob_token)
    again = await gql(client, LINK, {"v": "PHONE"}, acme.member_token)
    bob_plat = await quote(client, bob_token, acme.code, "PLAT", 10)
    cases = {
        "unknown": await quote(client, acme.member_token, acme.code, "NOPE", 10),
        "same": await quote(client, acme.member_token, acme.code, acme.code, 10),
        "zero": await quote(client, acme.member_token, acme.code, beta.code, 0),
        "negative": await quote(client, acme.member_token, acme.code, beta.code, -5),
        "huge": await quote(client, acme.member_token, acme.code, beta.code, 2**53),
        "not mine": await quote(client, acme.member_token, beta.code, acme.code, 10),
    }
    offer = (await quote(client, acme.member_token, acme.code, beta.code, 100))["quote"]
    stolen = await execute(client, bob_token, offer["id"])
    done = await execute(client, acme.member_token, offer["id"], "k-1")
    other = (await quote(client, acme.member_token, acme.code, beta.code, 100))["quote"]
    reused = await execute(client, acme.member_token, other["id"], "k-1")
    over_cap = await execute(client, acme.member_token, other["id"])
    await gql(client, SETTINGS, {"i": {"exchangeIn": True, "exchangeOut": False}}, owner)
    disabled = await quote(client, acme.member_token, acme.code, beta.code, 10)
    status, errors = await gql_errors(client, QUOTE_ANY, {"i": _q(acme.code)}, owner)

    assert code(unverified["linkPlatformWallet"]) == "IDENTITY_NOT_VERIFIED"
    assert code(again["linkPlatformWallet"]) == "ALREADY_LINKED"
    assert code(bob_plat) == "NOT_LINKED"
    assert {name: code(payload) for name, payload in cases.items()} == {
        "unknown": "UNKNOWN_CURRENCY",
        "same": "SAME_CURRENCY",
        "zero": "INVALID_INPUT",
        "negative": "INVALID_INPUT",
        "huge": "INVALID_INPUT",
        "not mine": "INVALID_INPUT",
    }
    assert code(stolen) == "QUOTE_NOT_FOUND"
    assert done["userErrors"] == []
    assert code(reused) == "IDEMPOTENCY_KEY_REUSED"
    assert code(over_cap) == "DAILY_CAP_REACHED"
    assert code(disabled) == "EXCHANGE_DISABLED"
    assert (status, errors[0]["extensions"]["code"]) == (200, "FORBIDDEN")
    assert (await wallet(client, owner, acme.member_id))["wallet"]["posted"] == 900
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


QUOTE_ANY = "mutation($i: QuoteExchangeInput!) { quoteExchange(input: $i) { quote { id } } }"


def _q(source: str) -> dict[str, Any]:
    return {"fromCurrency": source, "toCurrency": "PLAT", "amount": 1}


async def test_links_rates_and_batches_guard_their_rules(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    world = await two_shops(client, ("1", 0), ("1", 0))
    operator, acme, beta = world.operator, world.acme, world.beta
    dollars = await sign_up(
        client,
        currency={"code": "USD1", "name": "Bucks", "fiatCurrency": "USD", "pointsPerFiatUnit": 1},
    )
    gamma = await sign_up(client)
    await award(client, acme.merchant.access_token, acme.member_id, 100)
    to_plat = (await quote(client, acme.member_token, acme.code, "PLAT", 100))["quote"]
    await execute(client, acme.member_token, to_plat["id"])
    unlink = "mutation { unlinkPlatformWallet { wallet { posted } userErrors { code } } }"

    def code(payload: dict[str, Any]) -> str:
        return str(payload["userErrors"][0]["code"])

    not_empty = await gql(client, unlink, token=beta.member_token)
    back = (await quote(client, acme.member_token, "PLAT", acme.code, 100))["quote"]
    await execute(client, acme.member_token, back["id"])
    unlinked = await gql(client, unlink, token=beta.member_token)
    after = await gql(client, "{ platformWallet { posted } }", token=beta.member_token)
    rates = {
        "usd": await set_rate(client, operator, dollars.tenant_id, "USDX", "1", 0),
        "taken": await set_rate(client, operator, gamma.tenant_id, acme.code, "1", 0),
        "renamed": await set_rate(client, operator, beta.merchant.tenant_id, "NEWNAME", "1", 0),
        "word": await set_rate(client, operator, acme.merchant.tenant_id, acme.code, "abc", 0),
        "negative": await set_rate(client, operator, acme.merchant.tenant_id, acme.code, "-1", 0),
        "too fine": await set_rate(
            client, operator, acme.merchant.tenant_id, acme.code, "0.0000000000001", 0
        ),
        "spread": await set_rate(client, operator, acme.merchant.tenant_id, acme.code, "1", 6000),
        "unknown": await set_rate(client, operator, str(uuid7()), "ZZZZ", "1", 0),
    }
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    too_late = await gql(client, CLOSE, {"i": {"until": future}}, operator)
    batch = (await gql(client, CLOSE, {"i": {"until": datetime.now(UTC).isoformat()}}, operator))[
        "closeSettlementPeriod"
    ]["batch"]
    line_id = await _line_of(client, operator, batch["id"], acme.merchant.tenant_id)
    early = await gql(
        client, PAY, {"i": {"lineId": line_id, "paymentReference": "wire-1"}}, operator
    )
    approved = await gql(client, APPROVE, {"i": {"batchId": batch["id"]}}, operator)
    twice = await gql(client, APPROVE, {"i": {"batchId": batch["id"]}}, operator)
    paid = await gql(
        client, PAY, {"i": {"lineId": line_id, "paymentReference": "wire-1"}}, operator
    )
    repaid = await gql(
        client, PAY, {"i": {"lineId": line_id, "paymentReference": "wire-2"}}, operator
    )

    assert code(not_empty["unlinkPlatformWallet"]) == "WALLET_NOT_EMPTY"
    assert unlinked["unlinkPlatformWallet"]["userErrors"] == []
    assert after["platformWallet"] is None
    assert {name: code(payload) for name, payload in rates.items()} == {
        "usd": "CURRENCY_NOT_ELIGIBLE",
        "taken": "CODE_TAKEN",
        "renamed": "INVALID_INPUT",
        "word": "INVALID_INPUT",
        "negative": "INVALID_INPUT",
        "too fine": "INVALID_INPUT",
        "spread": "INVALID_INPUT",
        "unknown": "TENANT_NOT_FOUND",
    }
    assert code(too_late["closeSettlementPeriod"]) == "INVALID_INPUT"
    assert code(early["markSettlementLinePaid"]) == "INVALID_TRANSITION"
    assert approved["approveSettlementBatch"]["batch"]["status"] == "APPROVED"
    assert code(twice["approveSettlementBatch"]) == "INVALID_TRANSITION"
    assert paid["markSettlementLinePaid"]["line"]["status"] == "PAID"
    assert code(repaid["markSettlementLinePaid"]) == "INVALID_TRANSITION"
    csv_url = f"/exports/settlement/{batch['id']}.csv"
    as_operator = await client.get(csv_url, headers=_bearer(operator))
    as_acme = await client.get(csv_url, headers=_bearer(acme.merchant.access_token))
    as_gamma = await client.get(csv_url, headers=_bearer(gamma.access_token))
    as_member = await client.get(csv_url, headers=_bearer(acme.member_token))
    anonymous = await client.get(csv_url)
    acme_rows = list(csv.DictReader(io.StringIO(as_acme.text)))
    operator_rows = list(csv.DictReader(io.StringIO(as_operator.text)))
    assert as_acme.headers["content-type"].startswith("text/csv")
    assert {row["kind"] for row in acme_rows} == {"EXCHANGE_OUT", "EXCHANGE_IN"}
    assert all(acme.merchant.tenant_id in (row["debtor"], row["creditor"]) for row in acme_rows)
    assert sum(int(r["amount_minor"]) for r in acme_rows if r["kind"] == "EXCHANGE_OUT") == 100
    assert len(operator_rows) > len(acme_rows)
    assert (as_gamma.status_code, as_member.status_code, anonymous.status_code) == (404, 403, 401)
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        with pytest.raises(asyncpg.RestrictViolationError, match="immutable"):
            await connection.execute(
                "UPDATE settlement_batch SET platform_net = 0 WHERE id = $1", UUID(batch["id"])
            )
        with pytest.raises(asyncpg.RestrictViolationError, match="claimed by one batch"):
            await connection.execute(
                "UPDATE obligation SET batch_id = NULL WHERE batch_id = $1", UUID(batch["id"])
            )
    finally:
        await connection.close()
    await assert_settlement_ok(settings)


def _bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


APPROVE = """mutation($i: ApproveSettlementBatchInput!) { approveSettlementBatch(input: $i) {
  batch { status } userErrors { code } } }"""
PAY = """mutation($i: MarkSettlementLinePaidInput!) { markSettlementLinePaid(input: $i) {
  line { status paymentReference } userErrors { code } } }"""


async def _line_of(client: httpx.AsyncClient, operator: str, batch_id: str, tenant_id: str) -> str:
    data = await gql(
        client,
        "query($id: ID!) { settlementBatch(id: $id) { lines { id tenantId } } }",
        {"id": batch_id},
        operator,
    )
    lines = data["settlementBatch"]["lines"]
    return str(next(line["id"] for line in lines if line["tenantId"] == tenant_id))


PURCHASE = """mutation($i: PurchasePlatformPointsInput!) { purchasePlatformPoints(input: $i) {
  cost { amount currency } treasury { posted available } replayed userErrors { code } } }"""


async def test_a_merchant_buys_platform_points_and_awards_them(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a merchant whose member Ann is linked, and Bob who is not
    operator = await operator_token(client)
    await configure_plat(client, operator)
    acme = await shop(client, operator, "1", 0, new_phone())
    owner = acme.merchant.access_token
    bob = (await upsert(client, owner, externalId="bob"))["member"]["id"]

    # when it buys 1,000 PLAT (twice with one key) and awards them, ten awards of 150 at once
    bought = await gql(client, PURCHASE, {"i": {"amount": 1000, "idempotencyKey": "p-1"}}, owner)
    again = await gql(client, PURCHASE, {"i": {"amount": 1000, "idempotencyKey": "p-1"}}, owner)
    awards = await asyncio.gather(
        *(
            award(client, owner, acme.member_id, 150, currency="PLAT", reason="gift")
            for _ in range(10)
        )
    )
    unlinked = await award(client, owner, bob, 10, currency="PLAT", reason="gift")

    # then the treasury paid out what it held and no more, and the purchase is owed once
    assert bought["purchasePlatformPoints"]["cost"] == {"amount": 1000, "currency": "CNY"}
    assert again["purchasePlatformPoints"]["replayed"] is True
    outcomes = sorted(a["userErrors"][0]["code"] if a["userErrors"] else "OK" for a in awards)
    assert outcomes == ["INSUFFICIENT_POINTS"] * 4 + ["OK"] * 6
    ok = next(a for a in awards if not a["userErrors"])
    assert ok["wallets"][0]["memberId"] == acme.member_id
    assert unlinked["userErrors"][0]["code"] == "MEMBER_NOT_FOUND"
    treasury = await gql(client, "{ platformTreasury { posted } }", token=owner)
    assert treasury["platformTreasury"]["posted"] == 100
    plat = await gql(client, "{ platformWallet { posted } }", token=acme.member_token)
    assert plat["platformWallet"]["posted"] == 900
    until = datetime.now(UTC).isoformat()
    batch = (await gql(client, CLOSE, {"i": {"until": until}}, operator))["closeSettlementPeriod"]
    line = next(
        line for line in batch["batch"]["lines"] if line["tenantId"] == acme.merchant.tenant_id
    )
    assert line["payable"]["amount"] == 1000
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


async def test_members_spend_platform_points_on_a_merchants_reward(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a reward priced at 300 PLAT, Ann with 500 PLAT (from the merchant's treasury), and
    # Bob, who has no platform wallet
    operator = await operator_token(client)
    await configure_plat(client, operator)
    acme = await shop(client, operator, "1", 0, new_phone())
    owner = acme.merchant.access_token
    await gql(client, PURCHASE, {"i": {"amount": 500, "idempotencyKey": "p-1"}}, owner)
    await award(client, owner, acme.member_id, 500, currency="PLAT", reason="welcome")
    create = """mutation($i: RewardInput!) { createReward(input: $i) {
      reward { id platPriced } userErrors { field code } } }"""
    lamp = {"type": "SERVICE", "name": "Lamp", "pricePoints": 300, "stock": 5, "platPriced": True}
    reward = (await gql(client, create, {"i": lamp}, owner))["createReward"]["reward"]
    mixed = await gql(client, create, {"i": lamp | {"priceCash": 100}}, owner)
    bob = (await upsert(client, owner, externalId="bob"))["member"]["id"]
    await award(client, owner, bob, 1000)
    bob_token = await member_token(client, owner, bob)
    redeem = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
      order { id status points platPaid } userErrors { code } } }"""
    listing = "{ rewards(first: 5) { nodes { name canRedeem blocker } } }"

    # when Ann looks, redeems and cancels, and redeems again; and Bob tries
    seen = (await gql(client, listing, token=acme.member_token))["rewards"]["nodes"]
    bob_seen = (await gql(client, listing, token=bob_token))["rewards"]["nodes"]
    first = await gql(
        client,
        redeem,
        {"i": {"rewardId": reward["id"], "idempotencyKey": "r-1"}},
        acme.member_token,
    )
    cancel = "mutation($i: CancelOrderInput!) { cancelOrder(input: $i) { order { status } } }"
    await gql(client, cancel, {"i": {"orderId": first["redeemReward"]["order"]["id"]}}, owner)
    second = await gql(
        client,
        redeem,
        {"i": {"rewardId": reward["id"], "idempotencyKey": "r-2"}},
        acme.member_token,
    )
    refused = await gql(
        client, redeem, {"i": {"rewardId": reward["id"], "idempotencyKey": "r-3"}}, bob_token
    )

    # then PLAT paid, came back on cancel, paid again; Bob's own points were never touched
    assert reward["platPriced"] is True
    assert mixed["createReward"]["userErrors"] == [{"field": "platPriced", "code": "INVALID_INPUT"}]
    assert seen == [{"name": "Lamp", "canRedeem": True, "blocker": None}]
    assert bob_seen == [{"name": "Lamp", "canRedeem": False, "blocker": "INSUFFICIENT_POINTS"}]
    assert first["redeemReward"]["order"]["platPaid"] is True
    assert second["redeemReward"]["order"]["status"] == "CONFIRMED"
    assert refused["redeemReward"]["userErrors"] == [{"code": "NOT_LINKED"}]
    plat = await gql(client, "{ platformWallet { posted } }", token=acme.member_token)
    assert plat["platformWallet"]["posted"] == 200
    assert (await wallet(client, owner, bob))["wallet"]["posted"] == 1000
    until = datetime.now(UTC).isoformat()
    batch = (await gql(client, CLOSE, {"i": {"until": until}}, operator))["closeSettlementPeriod"]
    line = next(
        line for line in batch["batch"]["lines"] if line["tenantId"] == acme.merchant.tenant_id
    )
    # owes 500 for the PLAT it bought and 300 back for the cancelled order; is owed 600
    assert (line["payable"]["amount"], line["receivable"]["amount"]) == (800, 600)
    await assert_ledger_ok(settings)
    await assert_settlement_ok(settings)


async def test_settlement_verify_finds_an_obligation_out_of_place(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given one clean exchange
    world = await two_shops(client, ("1", 0), ("1", 0), 100)
    acme, beta = world.acme, world.beta
    offer = (await quote(client, acme.member_token, acme.code, beta.code, 100))["quote"]
    await execute(client, acme.member_token, offer["id"])
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        clean = await verify_settlement(connection)
        # when someone books a second debt for it (in a transaction rolled back afterwards)
        async with connection.transaction():
            await connection.execute(
                "INSERT INTO obligation (id, tenant_id, kind, debtor_id, amount_minor,"
                " fiat_currency, quote_id, journal_id, created_at)"
                " SELECT gen_random_uuid(), tenant_id, kind, debtor_id, 1, fiat_currency,"
                " quote_id, journal_id, now() FROM obligation"
                " WHERE quote_id = $1 AND kind = 'EXCHANGE_OUT'",
                UUID(offer["id"]),
            )
            broken = await verify_settlement(connection)
            raise _RollBackError
    except _RollBackError:
        pass
    finally:
        await connection.close()

    # then verify says so, and names the exchange
    assert clean.ok
    assert not broken.ok
    violated = {check: rows for check, rows in broken.violations.items() if rows}
    assert violated == {
        "every executed exchange has exactly its obligations, at the quote's values": [offer["id"]]
    }


class _RollBackError(Exception):
    """Leaves a test's transaction without committing it."""
