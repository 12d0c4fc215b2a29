"""The API and the worker run on a login that is not the database owner: a role granted
`pointsmall_app` and `pointsmall_worker` (README "Operations"), as the chart's runtime
credential is. Only `pointsmall migrate` needs the owner."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

import asyncpg
import httpx
import pytest

from app.core.db import database_credentials
from app.core.settings import Settings
from tests.api.graphql import gql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

POINTSMALL = str(Path(sys.executable).with_name("pointsmall"))
REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id status } userErrors { code } } }"""


def _as_user(url: str, user: str) -> str:
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}"))


@pytest.fixture
async def runtime_url(settings: Settings) -> AsyncIterator[str]:
    """A login role with the runtime grants only (roles are per cluster: dropped after)."""
    owner_url = settings.database_url or ""
    role = f"pm_runtime_{secrets.token_hex(4)}"
    owner = await asyncpg.connect(**database_credentials(owner_url))
    try:
        await owner.execute(f"CREATE ROLE {role} LOGIN")
        await owner.execute(f"GRANT pointsmall_app, pointsmall_worker TO {role}")
        yield _as_user(owner_url, role)
    finally:
        await owner.execute(f"DROP OWNED BY {role}")
        await owner.execute(f"DROP ROLE {role}")
        await owner.close()


def _env(settings: Settings, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.redis_url or "",
        "LOG_LEVEL": "WARNING",
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
        "SIGN_UPS_PER_ADDRESS": "1000",
    }


@pytest.mark.subprocess
async def test_api_and_worker_do_their_work_on_a_runtime_login_that_owns_nothing(
    settings: Settings, runtime_url: str
) -> None:
    # given the runtime login, which may not change the schema
    runtime = await asyncpg.connect(**database_credentials(runtime_url))
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await runtime.execute("ALTER TABLE tenant ADD COLUMN mischief int")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await runtime.execute("DELETE FROM transfer")
    finally:
        await runtime.close()

    # when the API runs on it
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    api = await asyncio.create_subprocess_exec(
        POINTSMALL, "serve", "--port", str(port), env=_env(settings, runtime_url)
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(200):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            # and a merchant signs up, awards points, and a member orders what she never pays
            merchant = await sign_up(client)
            owner = merchant.access_token
            values = {"type": "SERVICE", "name": "Mug", "pricePoints": 60, "priceCash": 500}
            created = await gql(client, REWARD, {"i": values | {"stock": 3}}, owner)
            ann = await new_member(client, owner, "ann")
            await award(client, owner, ann, 100)
            token = await member_token(client, owner, ann)
            placed = await gql(
                client,
                REDEEM,
                {"i": {"rewardId": created["createReward"]["reward"]["id"], "idempotencyKey": "a"}},
                token,
            )
            order_id = UUID(placed["redeemReward"]["order"]["id"])
            held = (await wallet(client, owner, ann))["wallet"]["available"]

            # and, once the payment window has passed, the worker runs on it too
            owner_db = await asyncpg.connect(**database_credentials(settings.database_url or ""))
            try:
                past = datetime.now(UTC) - timedelta(minutes=31)
                await owner_db.execute(
                    "UPDATE redemption_order SET created_at = $2 WHERE id = $1", order_id, past
                )
                await owner_db.execute(
                    "SELECT analytics_rollup_rebuild($1)", UUID(merchant.tenant_id)
                )
                await owner_db.execute(
                    "UPDATE procrastinate_jobs SET scheduled_at = now()"
                    " WHERE args->>'tenant_id' = $1",
                    merchant.tenant_id,
                )
            finally:
                await owner_db.close()
            worker = await asyncio.create_subprocess_exec(
                POINTSMALL, "worker", "--until-empty", env=_env(settings, runtime_url)
            )
            assert await asyncio.wait_for(worker.wait(), 120) == 0

            # then the order was cancelled and its points came back
            orders = await gql(client, "{ orders(first: 5) { nodes { status } } }", token=token)
            after = (await wallet(client, owner, ann))["wallet"]["available"]
    finally:
        api.terminate()
        await api.wait()

    assert held == 40
    assert orders["orders"]["nodes"] == [{"status": "CANCELLED"}]
    assert after == 100
    await assert_ledger_ok(settings)
