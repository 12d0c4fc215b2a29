"""Bulk points jobs as the worker runs them: 10,000 rows with 3% bad ones each named, a dry
run that moves nothing, a cancel, and a worker killed with SIGKILL half-way whose job a
restarted worker finishes with every row applied exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from uuid import UUID

import asyncpg
import httpx
import pytest

from app.bulk import service as bulk
from app.bulk.models import JobStatus
from app.core.db import database_credentials
from app.core.settings import Settings
from app.jobs.tasks import retry_stalled
from app.jobs.worker import opened
from tests.api.graphql import gql
from tests.api.operations.tenancy import create_api_key, sign_up
from tests.ledger_check import assert_ledger_ok

POINTSMALL = str(Path(sys.executable).with_name("pointsmall"))
JOB = """query($id: ID!) { bulkJob(id: $id) { status total processed succeeded failed
  errors(first: 5) { nodes { row externalId message } } failedRowsCsv } }"""
START = """mutation($i: StartBulkPointsJobInput!) { startBulkPointsJob(input: $i) {
  job { id status total } userErrors { field code message } } }"""


async def _members(settings: Settings, tenant: UUID, count: int) -> None:
    """`count` members m-0 .. m-(count-1), written in one statement as the owner."""
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await owner.execute(
            "INSERT INTO member (id, tenant_id, external_id, display_name, attributes, status,"
            " created_at, updated_at) SELECT uuid7(), $1, 'm-' || n, 'M ' || n, '{}', 'ACTIVE',"
            " now(), now() FROM generate_series(0, $2 - 1) AS n",
            tenant,
            count,
        )
    finally:
        await owner.close()


async def _owner_value(settings: Settings, query: str, *args: object) -> object:
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        return await owner.fetchval(query, *args)
    finally:
        await owner.close()


def _rows(count: int, members: int) -> tuple[list[dict[str, str]], set[int]]:
    """`count` rows of +10 points over `members` members; every 33rd row is bad (3%)."""
    rows: list[dict[str, str]] = []
    bad: set[int] = set()
    for n in range(count):
        row = {
            "externalId": f"m-{n % members}",
            "amount": "10",
            "reason": "Migration",
            "expiresAt": "",
        }
        if n % 33 == 32:
            kind = len(bad) % 3
            row = (
                row | {"externalId": "nobody"}
                if kind == 0
                else row | {"amount": "ten"}
                if kind == 1
                else row | {"amount": "-100000"}
            )
            bad.add(n + 1)
        rows.append(row)
    return rows, bad


async def _run(settings: Settings, *extra: str) -> asyncio.subprocess.Process:
    env = {**os.environ, "DATABASE_URL": settings.database_url or "",
           "REDIS_URL": settings.redis_url or "", "LOG_LEVEL": "WARNING"}  # fmt: skip
    return await asyncio.create_subprocess_exec(POINTSMALL, "worker", *extra, env=env)


async def test_ten_thousand_rows_with_three_percent_bad_each_named(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    await _members(settings, tenant, 1_000)
    rows, bad = _rows(10_000, 1_000)

    job = await bulk.start_points_job(tenant, rows, False, "test", "k1")
    await bulk.run_job(tenant, job.id)  # the worker's job (a killed worker: the test below)

    done = await bulk.get_job(tenant, job.id)
    assert (done.status, done.total, done.succeeded, done.failed) == (
        JobStatus.SUCCEEDED, 10_000, 10_000 - len(bad), len(bad),
    )  # fmt: skip
    failed = await bulk.failed_rows_csv(tenant, job.id)
    named = {int(line.split(",", 1)[0]) for line in failed.splitlines()[1:]}
    assert named == bad
    assert "No member with externalId 'nobody'" in failed
    assert "amount must be a whole number" in failed
    assert "points available" in failed  # too few points to deduct 100,000
    issued = await _owner_value(
        settings,
        "SELECT sum(posted) FROM account WHERE tenant_id = $1 AND kind = 'MEMBER_WALLET'",
        tenant,
    )
    assert issued == 10 * (10_000 - len(bad))
    await assert_ledger_ok(settings)


@pytest.mark.subprocess
async def test_a_worker_killed_half_way_is_finished_by_the_next_exactly_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    await _members(settings, tenant, 500)
    rows, _ = _rows(6_000, 500)
    rows = [row | {"externalId": f"m-{n % 500}", "amount": "3"} for n, row in enumerate(rows)]
    job = await bulk.start_points_job(tenant, rows, False, "test", "k2")

    # when a worker is killed once it is part-way through the job
    worker = await _run(settings, "--until-empty", "--concurrency", "1")
    for _ in range(600):
        processed = (await bulk.get_job(tenant, job.id)).processed
        if processed >= 500:
            break
        await asyncio.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    await worker.wait()
    killed_at = (await bulk.get_job(tenant, job.id)).processed
    assert 0 < killed_at < 6_000

    # then the stalled job is put back and a new worker finishes it
    async with opened(settings.database_url or "") as app:
        assert await retry_stalled(app, 0) == 1
    again = await _run(settings, "--until-empty")
    assert await asyncio.wait_for(again.wait(), 300) == 0

    done = await bulk.get_job(tenant, job.id)
    assert (done.status, done.succeeded, done.failed) == (JobStatus.SUCCEEDED, 6_000, 0)
    journals = await _owner_value(
        settings,
        "SELECT count(*) FROM journal WHERE tenant_id = $1 AND metadata->>'bulk_job_id' = $2",
        tenant,
        str(job.id),
    )
    issued = await _owner_value(
        settings,
        "SELECT sum(posted) FROM account WHERE tenant_id = $1 AND kind = 'MEMBER_WALLET'",
        tenant,
    )
    assert (journals, issued) == (6_000, 3 * 6_000)
    await assert_ledger_ok(settings)


async def test_a_dry_run_checks_and_moves_nothing_and_a_cancel_stops_a_job(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    await _members(settings, tenant, 10)
    rows, bad = _rows(66, 10)
    dry = await bulk.start_points_job(tenant, rows, True, "test", "d1")
    await bulk.run_job(tenant, dry.id)
    stopped = await bulk.start_points_job(tenant, rows, False, "test", "c1")
    cancelled = await bulk.cancel_job(tenant, stopped.id)
    await bulk.run_job(tenant, stopped.id)

    checked = await bulk.get_job(tenant, dry.id)
    assert (checked.dry_run, checked.succeeded, checked.failed) == (True, 66 - len(bad), len(bad))
    assert cancelled.status is JobStatus.CANCELLED
    assert (await bulk.get_job(tenant, stopped.id)).processed == 0
    issued = await _owner_value(
        settings,
        "SELECT coalesce(sum(posted), 0) FROM account WHERE tenant_id = $1"
        " AND kind = 'MEMBER_WALLET'",
        tenant,
    )
    assert issued == 0


async def test_the_api_takes_a_csv_and_shows_the_failed_rows(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    key = await create_api_key(client, merchant, ["POINTS_READ", "POINTS_WRITE"])
    await _members(settings, tenant, 2)
    csv = "externalId,amount,reason\nm-0,50,Welcome\nm-1,abc,Welcome\nghost,5,Welcome\n"

    started = await gql(client, START, {"i": {"csv": csv, "idempotencyKey": "u1"}}, key)
    retry = await gql(client, START, {"i": {"csv": csv, "idempotencyKey": "u1"}}, key)
    headless = await gql(client, START, {"i": {"csv": "a,b\n1,2\n", "idempotencyKey": "u2"}}, key)
    job_id = started["startBulkPointsJob"]["job"]["id"]
    await bulk.run_job(tenant, UUID(job_id))
    read = (await gql(client, JOB, {"id": job_id}, key))["bulkJob"]

    assert started["startBulkPointsJob"]["job"]["total"] == 3
    assert retry["startBulkPointsJob"]["job"]["id"] == job_id
    assert headless["startBulkPointsJob"]["userErrors"][0]["field"] == "csv"
    assert (read["status"], read["succeeded"], read["failed"]) == ("SUCCEEDED", 1, 2)
    assert [(e["row"], e["externalId"]) for e in read["errors"]["nodes"]] == [
        (2, "m-1"), (3, "ghost"),
    ]  # fmt: skip
    assert read["failedRowsCsv"].splitlines()[0] == "row,externalId,amount,reason,expiresAt,error"
