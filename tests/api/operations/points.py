"""Points operations."""

from __future__ import annotations

import secrets
from typing import Any
from uuid import UUID

import httpx

from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql

PAYLOAD = "journalId replayed wallets { memberId posted available pendingDebit } userErrors { field code message }"
AWARD = f"mutation($input: AwardPointsInput!) {{ awardPoints(input: $input) {{ {PAYLOAD} }} }}"
DEDUCT = f"mutation($input: DeductPointsInput!) {{ deductPoints(input: $input) {{ {PAYLOAD} }} }}"
TRANSFER = (
    f"mutation($input: TransferPointsInput!) {{ transferPoints(input: $input) {{ {PAYLOAD} }} }}"
)
POLICY = """mutation($input: UpdatePointsPolicyInput!) {
  updatePointsPolicy(input: $input) { policy { expiryKind memberTransfersEnabled } userErrors { field code } } }"""
WALLET = """query($id: ID!) { member(id: $id) {
  wallet { available posted pendingDebit pendingCredit currency }
  lots(first: 50) { nodes { amount remaining reserved expiresAt } }
  history(first: 50) { nodes { code reason change amount phase balanceAfter references actor } } } }"""


SOON = "2999-01-01T00:00:00Z"  # an expiry for lots a test then ages (`age_lots`)


async def age_lots(settings: Settings, member_id: str, minutes: int = 1) -> None:
    """The member's lots that have an expiry expired `minutes` ago: a hand edit standing for
    time passing (the ledger refuses a new lot already expired)."""
    await owner_sql(
        settings,
        "UPDATE lot l SET expires_at = now() - make_interval(mins => $2) FROM account a"
        " WHERE a.id = l.wallet_id AND a.owner_id = $1 AND l.expires_at IS NOT NULL",
        UUID(member_id),
        minutes,
    )


def key() -> str:
    return secrets.token_hex(8)


async def award(
    client: httpx.AsyncClient, token: str, member_id: str, amount: int, **extra: Any
) -> dict[str, Any]:
    return await _move(client, token, AWARD, "awardPoints", member_id, amount, extra)


async def deduct(
    client: httpx.AsyncClient, token: str, member_id: str, amount: int, **extra: Any
) -> dict[str, Any]:
    return await _move(client, token, DEDUCT, "deductPoints", member_id, amount, extra)


async def _move(
    client: httpx.AsyncClient,
    token: str,
    document: str,
    field: str,
    member_id: str,
    amount: int,
    extra: dict[str, Any],
) -> dict[str, Any]:
    values = {
        "memberId": member_id,
        "amount": amount,
        "reason": f"test {field}",
        "idempotencyKey": key(),
    }
    payload: dict[str, Any] = (await gql(client, document, {"input": values | extra}, token))[field]
    return payload


async def wallet(client: httpx.AsyncClient, token: str, member_id: str) -> dict[str, Any]:
    member: dict[str, Any] = (await gql(client, WALLET, {"id": member_id}, token))["member"]
    return member
