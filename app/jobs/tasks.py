"""The jobs: per-tenant work, and the periodic sweeps that queue it for every tenant.

Each periodic sweep is deferred once per schedule however many workers run (procrastinate
records each (task, periodic id, timestamp) once). A sweep queues one job per active tenant
with a queueing lock, so a tenant never has two of the same job waiting. Every job is
idempotent (it does what is due, and nothing is due twice) and works inside the tenant's
transaction scope. Failures retry with exponential backoff.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from procrastinate import App, Blueprint, JobContext, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.tasks import Task

from app.analytics.rollups import compact_rollups
from app.bulk import service as bulk
from app.checkout.service import expire_due_payments
from app.core.db import platform_scope
from app.core.metrics import counted_job
from app.earning.occasion_awards import award_birthdays
from app.earning.purchases import release_due_purchases
from app.engagement.leaderboard_prizes import pay_closed_periods
from app.ledger.expiry import expire_due_points
from app.ledger.reminders import remind_in_daytime
from app.redemption.orders import cancel_unpaid_orders
from app.tiers.service import review_tiers
from app.webhooks.delivery import deliver_due
from tenants.models import Tenant
from tenants.roles import TenantStatus

tasks = Blueprint()

# 2, 4, 8, 16 s between five attempts; then the job stays `failed`, visible in `jobs`.
RETRY = RetryStrategy(max_attempts=5, exponential_wait=2)

PER_TENANT: dict[str, Callable[[UUID], Awaitable[Any]]] = {
    "expire_points": expire_due_points,
    "release_purchases": release_due_purchases,
    "cancel_unpaid_orders": cancel_unpaid_orders,
    "expire_points_payments": expire_due_payments,
    "review_tiers": review_tiers,
    "award_birthdays": award_birthdays,
    "deliver_webhooks": deliver_due,
    "remind_expiring": remind_in_daytime,
    "compact_analytics": compact_rollups,
    "pay_leaderboard_prizes": pay_closed_periods,
}

SCHEDULES = {
    "expire_points": "*/5 * * * *",
    "release_purchases": "*/5 * * * *",
    "cancel_unpaid_orders": "* * * * *",
    # Each authorization also queues its own job for the moment it expires.
    "expire_points_payments": "* * * * *",
    "review_tiers": "30 3 * * *",
    "award_birthdays": "0 1 * * *",
    # Retries come due between events; new events queue their own delivery job at once.
    "deliver_webhooks": "* * * * *",
    # Hourly: each merchant is reminded from 09:00 in its own time zone.
    "remind_expiring": "0 * * * *",
    "compact_analytics": "7 * * * *",
    # Hourly: a week or month closes at the merchant's midnight, whatever its time zone.
    "pay_leaderboard_prizes": "17 * * * *",
}


def _tenant_task(name: str, work: Callable[[UUID], Awaitable[Any]]) -> Task[Any, Any, Any]:
    async def run(tenant_id: str) -> None:
        await work(UUID(tenant_id))

    run.__name__ = name
    task: Task[Any, Any, Any] = tasks.task(name=name, retry=RETRY)(counted_job(name)(run))
    return task


TENANT_TASKS = {name: _tenant_task(name, work) for name, work in PER_TENANT.items()}


async def queue_for_every_tenant(job: str) -> int:
    """Queue `job` once per active tenant; returns how many were queued (not already waiting)."""
    async with platform_scope():
        tenant_ids = await Tenant.filter(status=TenantStatus.ACTIVE).values_list("id", flat=True)
    queued = 0
    for tenant_id in tenant_ids:
        try:
            await (
                TENANT_TASKS[job]
                .configure(queueing_lock=f"{job}:{tenant_id}")
                .defer_async(tenant_id=str(tenant_id))
            )
        except AlreadyEnqueued:
            continue
        queued += 1
    return queued


@tasks.task(name="sweep", retry=RETRY)
@counted_job("sweep")
async def sweep(timestamp: int, job: str) -> None:
    """The periodic entry point: queue `job` for every tenant."""
    await queue_for_every_tenant(job)


for _job, _cron in SCHEDULES.items():
    tasks.periodic(cron=_cron, periodic_id=_job, task_kwargs={"job": _job})(sweep)


@tasks.task(name="run_bulk_job", retry=RETRY)
@counted_job("run_bulk_job")
async def run_bulk_job(tenant_id: str, job_id: str) -> None:
    """A bulk job, queued with it (app/bulk): resumable, each row applied once."""
    await bulk.run_job(UUID(tenant_id), UUID(job_id))


# A worker killed mid-job leaves its job `doing`; after this long without the worker's
# heartbeat the job is retried (a bulk job resumes where its rows stand).
STALLED_AFTER_SECONDS = 60


@tasks.periodic(cron="* * * * *", periodic_id="retry_stalled_jobs")
@tasks.task(name="retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=True)
@counted_job("retry_stalled_jobs")
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    await retry_stalled(context.app, STALLED_AFTER_SECONDS)


async def retry_stalled(app: App, after_seconds: float) -> int:
    """Put the jobs of workers silent for `after_seconds` back in the queue; returns how many."""
    stalled = list(await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=after_seconds))
    for job in stalled:
        await app.job_manager.retry_job(job)
    return len(stalled)
