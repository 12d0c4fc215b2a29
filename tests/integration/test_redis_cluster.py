"""Redis Cluster: leaderboards, rate limits, the login throttle and the persisted-query cache
work against a local cluster of 3 masters and 3 replicas started here, and killing a master
(its replica takes over) loses nothing of the ledger: Redis is never the record, and the
leaderboards are rebuilt from the ledger."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from redis.asyncio import RedisCluster
from starlette.applications import Starlette

from app.core.redis import connect_redis, share, tenant_key
from app.core.settings import Settings
from app.ledger.leaderboard import rebuild
from app.main import create_app
from tests.api.graphql import gql
from tests.api.operations.members import new_member
from tests.api.operations.points import award, wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

BASE_PORT = 7101
NODES = 6  # 3 masters, each with a replica
LEADERBOARD = "{ leaderboard(period: ALL_TIME, first: 5) { rank points } }"

pytestmark = pytest.mark.subprocess


def _run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)  # noqa: S603 - our own arguments
    return done.stdout


def _cli(*args: str) -> str:
    return _run("redis-cli", *args)


def _server(port: int, home: Path) -> subprocess.Popen[bytes]:
    options = {
        "port": str(port),
        "bind": "127.0.0.1",
        "cluster-enabled": "yes",
        "cluster-config-file": f"nodes-{port}.conf",
        "cluster-node-timeout": "1000",
        # A replica may take over however long ago it last heard from its master, and its
        # first copy starts at once (not after the default 5 s wait for more replicas).
        "cluster-replica-validity-factor": "0",
        "repl-diskless-sync-delay": "0",
        "save": "",
        "appendonly": "no",
        "dir": str(home),
    }
    arguments = [part for name, value in options.items() for part in (f"--{name}", value)]
    return subprocess.Popen(  # noqa: S603 - our own arguments
        ["redis-server", *arguments],  # noqa: S607 - the machine's redis-server
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def cluster(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[int, subprocess.Popen[bytes]]]:
    """Six redis-server processes made into a cluster of 3 masters with a replica each."""
    if shutil.which("redis-server") is None or shutil.which("redis-cli") is None:
        pytest.skip("redis-server is not installed")
    home = tmp_path_factory.mktemp("redis-cluster")
    servers = {BASE_PORT + n: _server(BASE_PORT + n, home) for n in range(NODES)}
    try:
        for port in servers:
            deadline = time.monotonic() + 10
            while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,  # noqa: S603, S607
                                 check=False).stdout.strip() != b"PONG":  # fmt: skip
                assert time.monotonic() < deadline, f"redis-server on {port} did not start"
                time.sleep(0.05)
        nodes = [f"127.0.0.1:{port}" for port in servers]
        _cli("--cluster", "create", *nodes, "--cluster-replicas", "1", "--cluster-yes")
        deadline = time.monotonic() + 20
        while "cluster_state:ok" not in _cli("-p", str(BASE_PORT), "cluster", "info") or any(
            "role:slave" in info and "master_link_status:up" not in info
            for info in (_cli("-p", str(port), "info", "replication") for port in servers)
        ):
            assert time.monotonic() < deadline, "the cluster did not come up"
            time.sleep(0.05)
        yield servers
    finally:
        for server in servers.values():
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
async def cluster_client(
    app: Starlette, settings: Settings, cluster: dict[int, subprocess.Popen[bytes]]
) -> AsyncIterator[httpx.AsyncClient]:
    """The API on the cluster. It shares the session app's database connections (`app`; its
    own lifespan would close them when it ends), and is the process's Redis while it runs (the
    ledger updates the leaderboards through it)."""
    url = f"redis://127.0.0.1:{BASE_PORT}/0?cluster=true"
    application = create_app(dataclasses.replace(settings, redis_url=url))
    share(application.state.redis)
    try:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield http
    finally:
        share(app.state.redis)
        await application.state.redis.aclose()


def _master_of(key: str, ask: int) -> int | None:
    """The port of the master serving `key`, as the node on port `ask` sees the cluster (None
    while none does)."""
    slot = int(_cli("-p", str(ask), "cluster", "keyslot", key).strip())
    for line in _cli("-p", str(ask), "cluster", "nodes").splitlines():
        fields = line.split()
        if "master" in fields[2] and "fail" not in fields[2]:
            for span in fields[8:]:
                first, _, last = span.partition("-")
                if first.isdigit() and int(first) <= slot <= int(last or first):
                    return int(fields[1].split(":")[1].split("@")[0])
    return None


async def test_the_api_runs_on_a_cluster_and_a_lost_master_loses_no_points(
    cluster_client: httpx.AsyncClient,
    cluster: dict[int, subprocess.Popen[bytes]],
    settings: Settings,
) -> None:
    client = cluster_client
    # given a merchant whose members earn (the leaderboard lives in Redis)
    merchant = await sign_up(client)
    owner = merchant.access_token
    ann = await new_member(client, owner, "ann")
    bob = await new_member(client, owner, "bob")
    await award(client, owner, ann, 300)
    await award(client, owner, bob, 200)
    board = (await gql(client, LEADERBOARD, token=owner))["leaderboard"]
    assert [entry["points"] for entry in board] == [300, 200]

    # and a persisted query cached in the cluster
    query = "{ viewer { kind } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    auth = {"authorization": f"Bearer {owner}"}
    first = await client.post("/graphql", json={"query": query, "extensions": extensions},
                              headers=auth)  # fmt: skip
    again = await client.post("/graphql", json={"extensions": extensions}, headers=auth)
    assert first.json() == again.json() == {"data": {"viewer": {"kind": "STAFF"}}}

    # then every key the API wrote carries its tenant's tag, the platform's, or its digest's
    redis = connect_redis(f"redis://127.0.0.1:{BASE_PORT}/0?cluster=true")
    assert isinstance(redis, RedisCluster)
    keys = [key async for key in redis.scan_iter(match="*")]
    assert keys
    assert all(key.startswith(("{t:", "{p}", "{apq:")) for key in keys), keys

    # when the master holding the merchant's keys dies, and its replica takes over
    board_key = tenant_key(merchant.tenant_id, "lb", "all")
    victim = _master_of(board_key, BASE_PORT)
    assert victim is not None
    cluster[victim].kill()
    cluster[victim].wait()
    witness = next(port for port in cluster if port != victim)
    deadline = time.monotonic() + 30
    while "cluster_state:ok" not in _cli("-p", str(witness), "cluster", "info") or (
        _master_of(board_key, witness) in {None, victim}
    ):
        assert time.monotonic() < deadline, "no replica took over"
        await asyncio.sleep(0.2)

    # then points go on moving, none lost or counted twice, and the leaderboard is whole again
    # (rebuilt from the ledger: Redis is never the record)
    await award(client, owner, ann, 50)
    assert (await wallet(client, owner, ann))["wallet"]["posted"] == 350
    assert (await wallet(client, owner, bob))["wallet"]["posted"] == 200
    await rebuild(redis, UUID(merchant.tenant_id))
    board = (await gql(client, LEADERBOARD, token=owner))["leaderboard"]
    assert [entry["points"] for entry in board] == [350, 200]
    await redis.aclose()
    await assert_ledger_ok(settings)
