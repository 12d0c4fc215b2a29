"""Tenancy operations and a helper that signs a fresh merchant up."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from tests.api.graphql import gql

SIGN_UP = """
mutation SignUp($input: SignUpMerchantInput!) {
  signUpMerchant(input: $input) {
    session { accessToken refreshToken expiresIn }
    userErrors { field code message }
  }
}"""

LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) { session { accessToken refreshToken } userErrors { field code message } }
}"""

REFRESH = """
mutation Refresh($input: RefreshSessionInput!) {
  refreshSession(input: $input) {
    session { accessToken refreshToken } userErrors { field code message }
  }
}"""

VIEWER = "query { viewer { kind role scopes tenant { id slug name currency { code } } } }"

CREATE_STAFF = """
mutation Create($input: CreateStaffUserInput!) {
  createStaffUser(input: $input) { staffUser { id email role } userErrors { field code message } }
}"""

CREATE_API_KEY = """
mutation Key($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { id prefix scopes } secret userErrors { code } }
}"""

PASSWORD = "Sup3r-Secret-pass"


@dataclass(frozen=True)
class Merchant:
    slug: str
    email: str
    access_token: str
    refresh_token: str
    tenant_id: str


def sign_up_input(**overrides: Any) -> dict[str, Any]:
    tag = secrets.token_hex(4)
    values: dict[str, Any] = {
        "merchantName": f"Shop {tag}",
        "slug": f"shop-{tag}",
        "ownerEmail": f"owner-{tag}@example.com",
        "ownerPassword": PASSWORD,
        "currency": {
            "code": "STAR",
            "name": "Stars",
            "fiatCurrency": "CNY",
            "pointsPerFiatUnit": 100,
        },
    }
    values.update(overrides)
    return values


async def sign_up(client: httpx.AsyncClient, **overrides: Any) -> Merchant:
    values = sign_up_input(**overrides)
    data = await gql(client, SIGN_UP, {"input": values})
    payload = data["signUpMerchant"]
    assert payload["userErrors"] == []
    session = payload["session"]
    viewer = await gql(client, VIEWER, token=session["accessToken"])
    return Merchant(
        slug=values["slug"],
        email=values["ownerEmail"],
        access_token=session["accessToken"],
        refresh_token=session["refreshToken"],
        tenant_id=viewer["viewer"]["tenant"]["id"],
    )


async def create_api_key(client: httpx.AsyncClient, merchant: Merchant, scopes: list[str]) -> str:
    data = await gql(
        client,
        CREATE_API_KEY,
        {"input": {"name": "backend", "scopes": scopes}},
        merchant.access_token,
    )
    secret: str = data["createApiKey"]["secret"]
    return secret
