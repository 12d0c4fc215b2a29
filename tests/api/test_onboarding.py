"""Self-service sign-up, login and the caller's view of its tenant."""

from __future__ import annotations

import httpx

from tests.api.graphql import gql
from tests.api.operations.tenancy import LOGIN, PASSWORD, VIEWER, sign_up


async def test_sign_up_creates_a_tenant_its_owner_and_currency(client: httpx.AsyncClient) -> None:
    # given / when
    merchant = await sign_up(client)

    # then
    data = await gql(client, VIEWER, token=merchant.access_token)
    assert data["viewer"]["kind"] == "STAFF"
    assert data["viewer"]["role"] == "OWNER"
    assert data["viewer"]["tenant"]["slug"] == merchant.slug
    assert data["viewer"]["tenant"]["currency"] == {"code": "STAR"}


async def test_owner_can_log_in_with_the_sign_up_password(client: httpx.AsyncClient) -> None:
    merchant = await sign_up(client)

    data = await gql(
        client, LOGIN, {"input": {"email": merchant.email.upper(), "password": PASSWORD}}
    )

    assert data["login"]["userErrors"] == []
    token = data["login"]["session"]["accessToken"]
    viewer = await gql(client, VIEWER, token=token)
    assert viewer["viewer"]["tenant"]["slug"] == merchant.slug
