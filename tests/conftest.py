"""Test services: a fresh database built by the migrations on real PostgreSQL, real Redis.

DATABASE_URL / REDIS_URL name the servers (CI uses the machine's); without them embedded
servers start in .data/test. Each run creates its own database and drops it at the end.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import secrets
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from app.core.db import database_credentials
from app.core.embedded import with_embedded_services
from app.core.migrate import run_migrations
from app.core.settings import Settings, load_settings
from app.main import create_app
from tests.ledger_check import assert_ledger_ok, start_module

TEST_JWT_SECRET = "test-secret-" + "x" * 40


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def suite_environment() -> dict[str, str]:
    """The process environment with the settings every test run uses."""
    env = dict(os.environ)
    env.setdefault("POINTSMALL_DATA_DIR", str(Path(".data") / "test"))
    env["JWT_SECRET"] = TEST_JWT_SECRET
    env["RATE_LIMIT_PER_MINUTE"] = "1000"
    env.setdefault("PASSWORD_HASH_PROFILE", "CHEAPEST")
    # The webhook tests' receivers listen on this machine's loopback.
    env.setdefault("WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8")
    # A login lockout window the throttle tests can wait out (15 minutes by default).
    env.setdefault("LOGIN_LOCKOUT_SECONDS", "2")
    # Every test signs merchants up from one address; the sign-up throttle test lowers it.
    env.setdefault("SIGN_UPS_PER_ADDRESS", "100000")
    return env


@pytest.fixture(scope="session")
async def settings() -> AsyncIterator[Settings]:
    base = with_embedded_services(load_settings(suite_environment()))
    assert base.database_url is not None
    name = f"pointsmall_test_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(**database_credentials(base.database_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    test_settings = dataclasses.replace(base, database_url=with_database(base.database_url, name))
    try:
        await run_migrations(test_settings)
        yield test_settings
        # Tests check their own module's tenants; this is the one check of everything.
        await assert_ledger_ok(test_settings, whole=True)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture(scope="module", autouse=True)
def ledger_checks_this_module() -> None:
    start_module()


@pytest.fixture(scope="session")
async def live_server(app: Starlette) -> AsyncIterator[str]:
    """The session's app on 127.0.0.1 and a free port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, lifespan="off", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    async with asyncio.timeout(10):
        while not server.started:  # noqa: ASYNC110 - uvicorn exposes `started` only as a flag
            await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    await serving
