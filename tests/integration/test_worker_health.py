"""The worker seen from outside: /metrics counts its jobs and reads the queue, /healthz answers
while it runs, and SIGTERM stops it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.core.db import platform_scope
from app.core.jobqueue import enqueue
from app.core.settings import Settings
from app.jobs.health import worker_http
from app.jobs.tasks import queue_for_every_tenant
from app.jobs.worker import opened
from tests.api.operations.tenancy import sign_up

POINTSMALL = str(Path(sys.executable).with_name("pointsmall"))


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_metrics_read_the_queue_and_health_follows_the_worker(
    client: httpx.AsyncClient,
) -> None:
    # given a job that came due a minute ago and that no worker has taken
    merchant = await sign_up(client)
    async with platform_scope() as connection:
        a_minute_ago = datetime.now(UTC) - timedelta(minutes=1)
        queued = await enqueue(
            connection,
            "review_tiers",
            {"tenant_id": merchant.tenant_id},
            at=a_minute_ago,
            queueing_lock=f"health:{merchant.tenant_id}",
        )
    assert queued
    running = True
    http = httpx.AsyncClient(
        transport=httpx.ASGITransport(worker_http(lambda: running)), base_url="http://worker"
    )
    async with http:
        # when the worker's endpoints are read
        metrics = await http.get("/metrics")
        alive = await http.get("/healthz")
        running = False
        stopped = await http.get("/healthz")

    # then the queue holds it, its wait shows, and health follows the worker
    samples = _samples(metrics.text)
    assert samples[("pointsmall_job_queue", (("status", "todo"),))] >= 1
    assert samples[("pointsmall_job_oldest_due_seconds", ())] >= 55
    assert (alive.status_code, alive.json()) == (200, {"alive": True})
    assert (stopped.status_code, stopped.json()) == (503, {"alive": False})


@pytest.mark.subprocess
async def test_a_running_worker_counts_its_jobs_and_stops_on_sigterm(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a worker process serving its own /metrics and /healthz
    await sign_up(client)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
        "LOG_LEVEL": "WARNING",
    }
    worker = await asyncio.create_subprocess_exec(
        POINTSMALL, "worker", "--concurrency", "2", "--port", str(port), env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=5) as http:
            health = await _first_answer(http, "/healthz")
            # when every tenant's expiry job is queued
            async with opened(settings.database_url or ""):
                assert await queue_for_every_tenant("expire_points") >= 1
            # then the worker runs them, and says so in its metrics
            runs = 0.0
            for _ in range(100):
                samples = _samples((await http.get("/metrics")).text)
                key = ("pointsmall_job_runs_total", (("job", "expire_points"), ("outcome", "ok")))
                runs = samples.get(key, 0.0)
                if runs >= 1:
                    break
                await asyncio.sleep(0.1)
        assert health.status_code == 200
        assert runs >= 1
    finally:
        # and SIGTERM stops it cleanly
        worker.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(worker.wait(), timeout=30)
    assert code == 0


async def _first_answer(http: httpx.AsyncClient, path: str) -> httpx.Response:
    for _ in range(200):
        try:
            return await http.get(path)
        except httpx.TransportError:
            await asyncio.sleep(0.05)
    raise AssertionError(f"the worker never answered {path}")
