"""Principals are answered from the process's memory until an authorization changes: a change
committed anywhere (here: by another process's connection) reaches this process through
PostgreSQL's notification, and the credential is refused from then on."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx

from app.core.db import database_credentials
from app.core.settings import Settings
from tenants.principal_cache import PRINCIPALS
from tenants.principals import Anonymous
from tests.api.graphql import post
from tests.api.operations.tenancy import create_api_key, sign_up

VIEWER = "{ viewer { tenant { id } } }"


async def test_a_key_revoked_by_another_process_is_refused_once_the_change_is_announced(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given an API key that has been used, so this process remembers it
    merchant = await sign_up(client)
    key = await create_api_key(client, merchant, ["POINTS_READ"])
    assert (await post(client, VIEWER, token=key)).status_code == 200
    assert PRINCIPALS.get(key) is not None

    # when another process revokes it straight in the database
    other = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await other.execute(
            "UPDATE api_key SET revoked_at = now() WHERE tenant_id = $1", merchant.tenant_id
        )
    finally:
        await other.close()

    # then this process forgets it as soon as the commit is announced, and refuses the key
    for _ in range(200):
        if PRINCIPALS.get(key) is None:
            break
        await asyncio.sleep(0.01)
    assert PRINCIPALS.get(key) is None, "no notification within 2 s"
    refused = await post(client, VIEWER, token=key)
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_principal_read_before_a_change_is_not_kept_after_it(
    client: httpx.AsyncClient,
) -> None:
    # a request read the database, then an authorization changed before it stored its answer
    generation = PRINCIPALS.generation
    PRINCIPALS.forget_all()

    PRINCIPALS.put("a credential", Anonymous(), generation)

    assert PRINCIPALS.get("a credential") is None
    PRINCIPALS.put("a credential", Anonymous(), PRINCIPALS.generation)
    assert PRINCIPALS.get("a credential") == Anonymous()
