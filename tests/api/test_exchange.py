"""Points circulating between merchants through the platform currency."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.exchange import (
    assert_settlement_ok,
    configure_plat,
    execute,
    new_phone,
    operator_token,
    quote,
    shop,
)
from tests.api.operations.points import award, wallet
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
    operator = await operator_token(client)
    await configure_plat(client, operator)
    phone = new_phone()
    acme = await shop(client, operator, "1", 100, phone)
    beta = await shop(client, operator, "0.5", 50, phone)
    await award(client, acme.merchant.access_token, acme.member_id, 5000)

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
