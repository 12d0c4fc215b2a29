"""`pointsmall worker`: the procrastinate app with Pointsmall's jobs, and how a worker runs.

The worker connects to the queue with psycopg as DATABASE_URL's role (the owner) and runs the
jobs through Tortoise as the restricted application role, like the API.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from procrastinate import App, PsycopgConnector
from procrastinate.periodic import PeriodicRegistry
from psycopg_pool import AsyncConnectionPool
from tortoise import Tortoise

from app.core.db import tortoise_config
from app.core.jobqueue import NAMESPACE
from app.core.redis import connect_redis, share
from app.core.settings import Settings
from app.earning.activity import on_member_activity
from app.engagement import achievements
from app.engagement.service import grant_chances
from app.jobs.health import Address, serving
from app.jobs.tasks import tasks
from app.ledger.hooks import on_points_earned
from app.tiers.service import on_tier_changed, qualify_earners
from app.webhooks import targets
from app.webhooks.policy import webhook_policy

# One app per process (adding the blueprint renames its tasks into the namespace); the
# database comes with the pool each `opened` gives it.
connector = PsycopgConnector()
app = App(connector=connector)
app.add_tasks_from(tasks, namespace=NAMESPACE)


@asynccontextmanager
async def opened(database_url: str) -> AsyncIterator[App]:
    """The app, connected to `database_url` for the block."""
    pool = AsyncConnectionPool(
        conninfo=database_url, open=False, check=AsyncConnectionPool.check_connection
    )
    await pool.open(wait=True)
    try:
        async with app.open_async(pool=pool):
            yield app
    finally:
        await pool.close()
        # procrastinate keeps a pool it was given after closing (it leaves an outside pool
        # alone), and would reuse this closed one the next time the app opens in the process.
        connector._async_pool = None


async def run_worker(
    settings: Settings, concurrency: int, wait: bool = True, http: Address | None = None
) -> None:
    """Run jobs and defer the periodic sweeps until stopped; with `wait=False`, only drain what
    is queued: a drain that deferred sweeps would queue (and then run) a job for every tenant.
    With an `http` address, serve /metrics and /healthz there (app/jobs/health.py)."""
    assert settings.database_url is not None  # noqa: S101 - with_embedded_services fills it
    if settings.redis_url:
        share(connect_redis(settings.redis_url))
    targets.configure(webhook_policy(settings))
    on_points_earned(qualify_earners)
    on_tier_changed(achievements.on_tier_changed)
    on_member_activity(achievements.on_activity)
    on_member_activity(grant_chances)
    await Tortoise.init(config=tortoise_config(settings))
    try:
        async with opened(settings.database_url) as connected:
            schedules = connected.periodic_registry
            if not wait:
                # (an empty registry: procrastinate leaves its __init__ unannotated)
                connected.periodic_registry = PeriodicRegistry()  # type: ignore[no-untyped-call]
            work = asyncio.create_task(
                connected.run_worker_async(
                    concurrency=concurrency, wait=wait, install_signal_handlers=wait
                )
            )
            try:
                async with contextlib.AsyncExitStack() as stack:
                    if http is not None:
                        await stack.enter_async_context(serving(http, lambda: not work.done()))
                    await work
            finally:
                connected.periodic_registry = schedules
    finally:
        await Tortoise.close_connections()
