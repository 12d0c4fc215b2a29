"""The worker: jobs queued with the change that causes them, per-tenant sweeps, and two worker
processes at once doing each job once."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import asyncpg
import httpx
import pytest

from app.core.db import database_credentials
from app.core.settings import Settings
from app.jobs.tasks import SCHEDULES, TENANT_TASKS, queue_for_every_tenant
from app.jobs.worker import app, opened
from tests.api.graphql import gql
from tests.api.operations.exchange import operator_token
from tests.api.operations.members import member_token, new_member
from tests.api.operations.points import SOON, age_lots, award, wallet
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

POINTSMALL = str(Path(sys.executable).with_name("pointsmall"))
REWARD = """mutation($i: RewardInput!) { createReward(input: $i) { reward { id } } }"""
REDEEM = """mutation($i: RedeemRewardInput!) { redeemReward(input: $i) {
  order { id status } userErrors { code } } }"""


async def _sql(settings: Settings, query: str, *args: object) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        rows: list[asyncpg.Record] = await connection.fetch(query, *args)
        return rows
    finally:
        await connection.close()


async def _two_workers(settings: Settings) -> None:
    """Two `pointsmall worker` processes at once, each until the queue is empty."""
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
        "LOG_LEVEL": "WARNING",
    }
    workers = [
        await asyncio.create_subprocess_exec(
            POINTSMALL,
            "worker",
            "--until-empty",
            "--concurrency",
            "3",
            env=env,
        )
        for _ in range(2)
    ]
    codes = await asyncio.wait_for(asyncio.gather(*(w.wait() for w in workers)), 120)
    assert codes == [0, 0]


def test_every_periodic_job_has_a_schedule_and_a_task() -> None:
    assert set(SCHEDULES) == set(TENANT_TASKS)
    periodic = {task.periodic_id for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic == set(SCHEDULES) | {"retry_stalled_jobs"}


@pytest.mark.subprocess
async def test_an_order_queues_its_timeout_with_itself_and_the_worker_cancels_it(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a points-plus-cash reward, and a member who can afford it once
    merchant = await sign_up(client)
    owner = merchant.access_token
    values = {"type": "SERVICE", "name": "Mug", "pricePoints": 60, "priceCash": 500, "stock": 3}
    reward = (await gql(client, REWARD, {"i": values}, owner))["createReward"]["reward"]["id"]
    ann = await new_member(client, owner, "ann")
    await award(client, owner, ann, 100)
    token = await member_token(client, owner, ann)

    # when she orders twice (the second is refused) and the payment never comes
    placed = await gql(client, REDEEM, {"i": {"rewardId": reward, "idempotencyKey": "a"}}, token)
    refused = await gql(client, REDEEM, {"i": {"rewardId": reward, "idempotencyKey": "b"}}, token)
    jobs = await _sql(
        settings,
        "SELECT id, scheduled_at FROM procrastinate_jobs"
        " WHERE task_name = 'pointsmall:cancel_unpaid_orders' AND args->>'tenant_id' = $1",
        merchant.tenant_id,
    )

    # then exactly one job waits, due when the payment window closes
    assert refused["redeemReward"]["userErrors"] == [{"code": "INSUFFICIENT_POINTS"}]
    assert len(jobs) == 1
    due = jobs[0]["scheduled_at"] - datetime.now(UTC)
    assert timedelta(minutes=29) < due <= timedelta(minutes=31)

    # and when that time has come, a worker runs it and the order is cancelled
    order_id = UUID(placed["redeemReward"]["order"]["id"])
    await _sql(
        settings,
        "UPDATE redemption_order SET created_at = now() - interval '31 minutes' WHERE id = $1",
        order_id,
    )
    # (the hand edit may move the order to another hour: its rollup follows it)
    await _sql(settings, "SELECT analytics_rollup_rebuild($1)", UUID(merchant.tenant_id))
    await _sql(settings, "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = $1",
               jobs[0]["id"])  # fmt: skip
    await _two_workers(settings)
    orders = await gql(client, "{ orders(first: 5) { nodes { status } } }", token=token)
    assert orders["orders"]["nodes"] == [{"status": "CANCELLED"}]
    assert (await wallet(client, owner, ann))["wallet"]["available"] == 100
    await assert_ledger_ok(settings)


@pytest.mark.subprocess
async def test_two_workers_sweep_every_tenant_and_do_each_job_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given three merchants whose members hold points that expired yesterday
    members = []
    for _ in range(3):
        merchant = await sign_up(client)
        member = await new_member(client, merchant.access_token, "ann")
        await award(client, merchant.access_token, member, 40, expiresAt=SOON)
        await age_lots(settings, member, minutes=24 * 60)
        await award(client, merchant.access_token, member, 10)
        members.append((merchant, member))

    # when the expiry sweep is queued twice for every tenant and two workers run at once
    async with opened(settings.database_url or ""):
        first = await queue_for_every_tenant("expire_points")
        again = await queue_for_every_tenant("expire_points")
    await _two_workers(settings)

    # then each tenant's job ran once: the points expired once, nothing failed
    assert first >= 3
    assert again == 0
    for merchant, member in members:
        points = (await wallet(client, merchant.access_token, member))["wallet"]
        assert (points["posted"], points["available"]) == (10, 10)
        expiries = await _sql(
            settings,
            "SELECT count(*) AS n FROM journal WHERE tenant_id = $1 AND code = 'EXPIRE'",
            UUID(merchant.tenant_id),
        )
        assert expiries[0]["n"] == 1
        ran = await _sql(
            settings,
            "SELECT status::text AS status, count(*) AS n FROM procrastinate_jobs"
            " WHERE task_name = 'pointsmall:expire_points' AND args->>'tenant_id' = $1"
            " GROUP BY status",
            merchant.tenant_id,
        )
        # (a worker's own periodic sweep may have queued another by now: it finds nothing due)
        statuses = {row["status"]: row["n"] for row in ran}
        assert statuses["succeeded"] >= 1
        assert set(statuses) <= {"succeeded", "todo"}
    operator = await operator_token(client)
    counts = (await gql(client, "{ jobs { task status count } }", token=operator))["jobs"]
    expire = {c["status"]: c["count"] for c in counts if c["task"] == "pointsmall:expire_points"}
    assert expire["succeeded"] >= 3
    assert "failed" not in expire
    await assert_ledger_ok(settings)
