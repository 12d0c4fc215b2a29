"""The worker's own small HTTP side: `/metrics` for Prometheus, `/healthz` for the kubelet.

uvicorn serves it inside the worker's event loop, so a loop that stops turning fails the probe,
as it should. It does not take the process's signals (procrastinate's handlers stop the
worker, and the server stops with it). Liveness does not depend on the database: a database
outage must not restart every worker; the queue figures in /metrics show one instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Generator
from dataclasses import dataclass

import uvicorn
from prometheus_client import CONTENT_TYPE_LATEST, Gauge
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.core.jobqueue import job_counts, oldest_due_wait_seconds
from app.core.metrics import REGISTRY, render

log = logging.getLogger(__name__)

QUEUE = Gauge(
    "pointsmall_job_queue",
    "Jobs in the queue by status (todo, doing, succeeded, failed, cancelled, aborted), read when"
    " scraped.",
    ["status"],
    registry=REGISTRY,
)
OLDEST_DUE = Gauge(
    "pointsmall_job_oldest_due_seconds",
    "How long the longest-waiting due job has waited to start, read when scraped.",
    registry=REGISTRY,
)
STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")


async def _read_queue() -> None:
    counts = dict.fromkeys(STATUSES, 0)
    for row in await job_counts():
        counts[row.status] = counts.get(row.status, 0) + row.count
    for status, count in counts.items():
        QUEUE.labels(status).set(count)
    OLDEST_DUE.set(await oldest_due_wait_seconds())


def worker_http(running: Callable[[], bool]) -> Starlette:
    """/metrics (the queue read now, plus what this process counted) and /healthz (200 while
    the worker runs jobs, 503 once it has stopped)."""

    async def metrics(request: Request) -> Response:
        try:
            await _read_queue()
        except Exception:  # the counters are still worth serving without the queue figures
            log.warning("worker metrics: queue figures unavailable", exc_info=True)
        return Response(render(), media_type=CONTENT_TYPE_LATEST)

    async def healthz(request: Request) -> Response:
        alive = running()
        return JSONResponse({"alive": alive}, status_code=200 if alive else 503)

    return Starlette(routes=[Route("/metrics", metrics), Route("/healthz", healthz)])


@dataclass(frozen=True)
class Address:
    host: str
    port: int


class _Server(uvicorn.Server):
    """uvicorn without its signal handling (the worker owns the signals)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


@contextlib.asynccontextmanager
async def serving(address: Address, running: Callable[[], bool]) -> AsyncIterator[None]:
    """Serve `worker_http` at `address` for the block."""
    config = uvicorn.Config(
        worker_http(running), host=address.host, port=address.port, lifespan="off",
        access_log=False, log_config=None,
    )  # fmt: skip
    server = _Server(config)
    task = asyncio.create_task(server.serve())
    try:
        yield
    finally:
        server.should_exit = True
        await task
