"""Exchange operations and a two-merchant world linked through one platform customer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx

from app.core.db import database_credentials
from app.core.settings import Settings
from app.settlement.verify import verify_settlement
from tenants.operators import create_operator
from tests.api.graphql import gql
from tests.api.operations.members import member_token, upsert
from tests.api.operations.points import award
from tests.api.operations.tenancy import PASSWORD, Merchant, sign_up

CONFIGURE = """mutation($i: ConfigurePlatformCurrencyInput!) { configurePlatformCurrency(input: $i) {
  platformCurrency { code fiatCurrency pointsPerFiatUnit } userErrors { field code } } }"""
SET_RATE = """mutation($i: SetExchangeRateInput!) { setExchangeRate(input: $i) {
  rate { version platPerPoint spreadBps } userErrors { field code } } }"""
SETTINGS = """mutation($i: UpdateExchangeSettingsInput!) { updateExchangeSettings(input: $i) {
  settings { exchangeIn exchangeOut memberDailyCap } userErrors { field code } } }"""
LINK = """mutation($v: IdentityKind!) { linkPlatformWallet(input: {via: $v}) {
  wallet { posted currency } userErrors { field code } } }"""
QUOTE_FIELDS = """id fromCurrency toCurrency amountIn amountOut rate fee { amount currency }
  valueIn { amount } valueOut { amount } fromRateVersion toRateVersion status expiresAt"""
QUOTE = f"""mutation($i: QuoteExchangeInput!) {{ quoteExchange(input: $i) {{
  quote {{ {QUOTE_FIELDS} }} userErrors {{ field code }} }} }}"""
EXECUTE = f"""mutation($i: ExecuteExchangeInput!) {{ executeExchange(input: $i) {{
  quote {{ {QUOTE_FIELDS} executedAt }} replayed userErrors {{ field code }} }} }}"""


@dataclass(frozen=True)
class Shop:
    merchant: Merchant
    code: str
    member_id: str
    member_token: str


async def operator_token(client: httpx.AsyncClient) -> str:
    email = f"op-{secrets.token_hex(4)}@platform.example.com"
    await create_operator(email, PASSWORD)
    login = await gql(
        client,
        "mutation($e: String!, $p: String!) { loginOperator(input: {email: $e, password: $p}) { accessToken } }",
        {"e": email, "p": PASSWORD},
    )
    token: str = login["loginOperator"]["accessToken"]
    return token


async def configure_plat(client: httpx.AsyncClient, operator: str) -> None:
    """PLAT worth one fen (100 per CNY)."""
    data = await gql(
        client, CONFIGURE, {"i": {"fiatCurrency": "CNY", "pointsPerFiatUnit": 100}}, operator
    )
    assert data["configurePlatformCurrency"]["userErrors"] == []


async def set_rate(
    client: httpx.AsyncClient, operator: str, tenant_id: str, code: str, rate: str, spread: int
) -> dict[str, Any]:
    values = {"tenantId": tenant_id, "code": code, "platPerPoint": rate, "spreadBps": spread}
    payload: dict[str, Any] = (await gql(client, SET_RATE, {"i": values}, operator))[
        "setExchangeRate"
    ]
    return payload


async def shop(
    client: httpx.AsyncClient, operator: str, rate: str, spread: int, phone: str
) -> Shop:
    """A merchant listed at `rate` PLAT per point, open both ways, with a member whose verified
    phone is `phone`, linked to the platform wallet."""
    merchant = await sign_up(client)
    owner = merchant.access_token
    code = "X" + secrets.token_hex(3).upper()
    assert (await set_rate(client, operator, merchant.tenant_id, code, rate, spread))[
        "userErrors"
    ] == []
    opt_in = {"exchangeIn": True, "exchangeOut": True}
    assert (await gql(client, SETTINGS, {"i": opt_in}, owner))["updateExchangeSettings"][
        "userErrors"
    ] == []
    member = await upsert(client, owner, externalId="ann", phone=phone, phoneVerified=True)
    member_id: str = member["member"]["id"]
    token = await member_token(client, owner, member_id)
    linked = await gql(client, LINK, {"v": "PHONE"}, token)
    assert linked["linkPlatformWallet"]["userErrors"] == []
    return Shop(merchant, code, member_id, token)


async def quote(
    client: httpx.AsyncClient, token: str, source: str, target: str, amount: int
) -> dict[str, Any]:
    values = {"fromCurrency": source, "toCurrency": target, "amount": amount}
    payload: dict[str, Any] = (await gql(client, QUOTE, {"i": values}, token))["quoteExchange"]
    return payload


async def execute(
    client: httpx.AsyncClient, token: str, quote_id: str, key: str | None = None
) -> dict[str, Any]:
    values = {"quoteId": quote_id, "idempotencyKey": key or secrets.token_hex(8)}
    payload: dict[str, Any] = (await gql(client, EXECUTE, {"i": values}, token))["executeExchange"]
    return payload


def new_phone() -> str:
    return "+86139" + "".join(secrets.choice("0123456789") for _ in range(8))


async def assert_settlement_ok(settings: Settings) -> None:
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        report = await verify_settlement(connection)
    finally:
        await connection.close()
    assert report.ok, report.summary()


@dataclass(frozen=True)
class World:
    """An operator, PLAT set up, and one person linked at two merchants, ACME and BETA."""

    operator: str
    acme: Shop
    beta: Shop


async def two_shops(
    client: httpx.AsyncClient,
    acme_rate: tuple[str, int] = ("1", 0),
    beta_rate: tuple[str, int] = ("1", 0),
    acme_points: int = 0,
) -> World:
    """ACME and BETA at (PLAT per point, spread bps), the person holding `acme_points` ACME."""
    operator = await operator_token(client)
    await configure_plat(client, operator)
    phone = new_phone()
    acme = await shop(client, operator, *acme_rate, phone)
    beta = await shop(client, operator, *beta_rate, phone)
    if acme_points:
        await award(client, acme.merchant.access_token, acme.member_id, acme_points)
    return World(operator, acme, beta)
