"""Earning operations."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.api.graphql import gql

PURCHASE_FIELDS = "orderId points status refundedPoints breakdown { source label points }"
RECORD = f"""mutation($input: RecordPurchaseInput!) {{ recordPurchase(input: $input) {{
  replayed purchase {{ {PURCHASE_FIELDS} }} userErrors {{ field code message }} }} }}"""
REFUND = f"""mutation($input: RefundPurchaseInput!) {{ refundPurchase(input: $input) {{
  purchase {{ {PURCHASE_FIELDS} refundedAmount }} userErrors {{ field code message }} }} }}"""
PREVIEW = """query($input: PurchaseInput!) { previewEarn(input: $input) {
  total lines { source label points } userErrors { code } } }"""
CAMPAIGN = """mutation($input: CreateCampaignInput!) { createCampaign(input: $input) {
  campaign { id } userErrors { field code } } }"""
SETTINGS = """mutation($input: UpdateEarningSettingsInput!) { updateEarningSettings(input: $input) {
  settings { returnWindowDays stacking } userErrors { code } } }"""


def order(member_id: str, amount: int, **extra: Any) -> dict[str, Any]:
    return {
        "orderId": f"A-{secrets.token_hex(4)}",
        "memberId": member_id,
        "amount": {"amount": amount, "currency": "CNY"},
        "idempotencyKey": secrets.token_hex(8),
        **extra,
    }


async def record(client: httpx.AsyncClient, token: str, values: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = (await gql(client, RECORD, {"input": values}, token))[
        "recordPurchase"
    ]
    return payload


async def refund(
    client: httpx.AsyncClient, token: str, order_id: str, amount: int, key: str | None = None
) -> dict[str, Any]:
    values = {
        "orderId": order_id,
        "amount": {"amount": amount, "currency": "CNY"},
        "idempotencyKey": key or secrets.token_hex(8),
    }
    payload: dict[str, Any] = (await gql(client, REFUND, {"input": values}, token))[
        "refundPurchase"
    ]
    return payload
