"""Prometheus metrics: what the API, the ledger and the jobs count, served at /metrics.

One registry per process. The chart runs one uvicorn worker per pod (scale with pods), so each
pod's /metrics is the whole truth for that pod.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, ParamSpec, TypeVar

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from tortoise import connections
from tortoise.exceptions import ConfigurationError

REGISTRY = CollectorRegistry(auto_describe=True)

REQUESTS = Counter(
    "pointsmall_graphql_requests",
    "GraphQL requests by operation (root field) and outcome.",
    ["operation", "outcome"],
    registry=REGISTRY,
)
LATENCY = Histogram(
    "pointsmall_graphql_request_seconds",
    "GraphQL request latency by operation (root field).",
    ["operation"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
TRANSFERS = Counter(
    "pointsmall_ledger_journals",
    "Journals posted, by reason (journal code).",
    ["reason"],
    registry=REGISTRY,
)
LEDGER_BATCH_SIZE = Histogram(
    "pointsmall_ledger_batch_size",
    "Journals per group-commit transaction (one tenant's journals that arrived together).",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128),
    registry=REGISTRY,
)
POINTS = Counter(
    "pointsmall_ledger_points",
    "Points moved by posted journals, by reason (journal code).",
    ["reason"],
    registry=REGISTRY,
)
JOBS = Counter(
    "pointsmall_job_runs",
    "Background job runs by job and outcome (ok, failed).",
    ["job", "outcome"],
    registry=REGISTRY,
)
WEBHOOKS = Counter(
    "pointsmall_webhook_deliveries",
    "Webhook delivery attempts by what they led to (SUCCEEDED, PENDING for a retry, DEAD).",
    ["outcome"],
    registry=REGISTRY,
)
RATE_LIMIT_FALLBACK = Counter(
    "pointsmall_rate_limit_fallback",
    "Requests counted by the in-process rate limiter because Redis did not answer.",
    registry=REGISTRY,
)
RATE_LIMITED = Counter(
    "pointsmall_rate_limited",
    "Requests refused by the rate limiter, by caller kind.",
    ["caller"],
    registry=REGISTRY,
)

P = ParamSpec("P")
T = TypeVar("T")


def counted_job(name: str) -> Callable[[Callable[P, Awaitable[T]]], Callable[P, Awaitable[T]]]:
    """Count each run of a job function and whether it failed."""

    def decorate(job: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
        @functools.wraps(job)
        async def run(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                result = await job(*args, **kwargs)
            except Exception:
                JOBS.labels(name, "failed").inc()
                raise
            JOBS.labels(name, "ok").inc()
            return result

        return run

    return decorate


class PoolCollector(Collector):
    """The database connection pool's size and idle connections, read when scraped."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        size = GaugeMetricFamily("pointsmall_db_pool_size", "Open database connections.")
        idle = GaugeMetricFamily("pointsmall_db_pool_idle", "Idle database connections.")
        pool = _pool()
        if pool is not None:
            size.add_metric([], pool.get_size())
            idle.add_metric([], pool.get_idle_size())
        yield size
        yield idle


def _pool() -> Any:
    """asyncpg's pool behind Tortoise's default connection; None before start-up."""
    try:
        return getattr(connections.get("default"), "_pool", None)
    except (RuntimeError, KeyError, ConfigurationError):
        return None


REGISTRY.register(PoolCollector())


def render() -> bytes:
    return generate_latest(REGISTRY)
