"""Points operations."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.api.graphql import gql

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


def key() -> str:
    return secrets.token_hex(8)


async def award(
    client: httpx.AsyncClient, token: str, member_id: str, amount: int, **extra: Any
) -> dict[str, Any]:
    values = {
        "memberId": member_id,
        "amount": amount,
        "reason": "test award",
        "idempotencyKey": key(),
        **extra,
    }
    payload: dict[str, Any] = (await gql(client, AWARD, {"input": values}, token))["awardPoints"]
    return payload


async def deduct(
    client: httpx.AsyncClient, token: str, member_id: str, amount: int, **extra: Any
) -> dict[str, Any]:
    values = {
        "memberId": member_id,
        "amount": amount,
        "reason": "test deduct",
        "idempotencyKey": key(),
        **extra,
    }
    payload: dict[str, Any] = (await gql(client, DEDUCT, {"input": values}, token))["deductPoints"]
    return payload


async def wallet(client: httpx.AsyncClient, token: str, member_id: str) -> dict[str, Any]:
    member: dict[str, Any] = (await gql(client, WALLET, {"id": member_id}, token))["member"]
    return member
