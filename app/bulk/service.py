"""Bulk points jobs: accepted at once (rows stored, a worker job queued in the same
transaction), run by the worker a chunk at a time, each chunk's journals in one group commit.

Exactly once: a row's journal carries the idempotency key `bulk:<job>:<row>`. A worker killed
after a chunk's journals committed but before its rows were marked leaves them PENDING; the
next run posts them again and the ledger answers the stored outcome instead of moving points
twice. A row that cannot apply (an unknown member, an amount that is not a whole number, too
few points to deduct) is FAILED with its reason; the others go on.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from app.bulk.errors import BulkError, BulkErrorCode
from app.bulk.models import BulkJob, BulkRow, JobStatus, RowStatus
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.idempotency import KeyedRequest, once_in_scope, request_hash
from app.core.ids import uuid7
from app.core.jobqueue import enqueue
from app.core.pagination import Page, PageRequest, fetch_page
from app.ledger.accounts import MAX_AMOUNT
from app.ledger.commands import Award, Deduct
from app.ledger.errors import LedgerError
from app.ledger.requests import JournalRequest, JournalResult
from app.ledger.service import post_journals
from app.members.models import Member
from app.webhooks.events import emit

MAX_ROWS = 100_000
CHUNK = 500
MAX_REASON = 500
COLUMNS = ("externalId", "amount", "reason", "expiresAt")
POINTS = "POINTS"


@dataclass(frozen=True)
class Outcome:
    row_no: int
    error: str | None


def rows_from_csv(text: str) -> list[dict[str, str]]:
    """The rows of a CSV with the header `externalId,amount,reason[,expiresAt]` (extra columns
    are ignored). A malformed file is refused; a malformed row becomes a FAILED row."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [name for name in COLUMNS[:3] if name not in header]
    if missing:
        raise BulkError(
            BulkErrorCode.INVALID_INPUT,
            f"The CSV needs a header with {', '.join(COLUMNS[:3])} (and optionally expiresAt);"
            f" missing: {', '.join(missing)}.",
            "csv",
        )
    return [{name: (row.get(name) or "").strip() for name in COLUMNS} for row in reader]


async def start_points_job(
    tenant_id: UUID, rows: list[dict[str, Any]], dry_run: bool, actor: str, key: str
) -> BulkJob:
    """Accept the rows and queue the job; a retry under the key answers the same job."""
    if not rows:
        raise BulkError(BulkErrorCode.INVALID_INPUT, "Give at least one row.", "rows")
    if len(rows) > MAX_ROWS:
        raise BulkError(
            BulkErrorCode.TOO_MANY_ROWS, f"At most {MAX_ROWS:,} rows in one job.", "rows"
        )
    fingerprint = request_hash("bulk_points", {"rows": rows, "dry_run": dry_run})
    keyed = KeyedRequest(tenant_id, actor, key, fingerprint)

    async def effect() -> dict[str, Any]:
        job = await BulkJob.create(
            tenant_id=tenant_id, kind=POINTS, dry_run=dry_run, total=len(rows), actor=actor
        )
        connection = BulkJob._meta.db
        await connection.execute_query(
            "INSERT INTO bulk_row (id, tenant_id, job_id, row_no, data, status)"
            " SELECT r.id, $1, $2, r.n, r.d::jsonb, 'PENDING'"
            " FROM unnest($5::uuid[], $3::int[], $4::text[]) AS r(id, n, d)",
            [
                tenant_id,
                job.id,
                list(range(1, len(rows) + 1)),
                [json.dumps(row, default=str) for row in rows],
                # Ids in row order (errors are paged by id), made here: within a process they
                # increase even within one millisecond.
                [uuid7() for _ in rows],
            ],
        )
        args = {"tenant_id": str(tenant_id), "job_id": str(job.id)}
        await enqueue(connection, "run_bulk_job", args)
        return {"job_id": str(job.id)}

    applied = await once_in_scope(keyed, effect, BulkError)
    return await get_job(tenant_id, UUID(applied.response["job_id"]))


async def get_job(tenant_id: UUID, job_id: UUID) -> BulkJob:
    async with tenant_scope(tenant_id):
        job = await BulkJob.get_or_none(id=job_id)
    if job is None:
        raise BulkError(BulkErrorCode.JOB_NOT_FOUND, "No such bulk job.", "jobId")
    return job


async def cancel_job(tenant_id: UUID, job_id: UUID) -> BulkJob:
    """Stop a job between chunks: rows not yet run stay PENDING and never run."""
    async with tenant_scope(tenant_id):
        job = await BulkJob.select_for_update().get_or_none(id=job_id)
        if job is None:
            raise BulkError(BulkErrorCode.JOB_NOT_FOUND, "No such bulk job.", "jobId")
        if job.status not in {JobStatus.QUEUED, JobStatus.RUNNING}:
            raise BulkError(
                BulkErrorCode.ALREADY_FINISHED, f"The job is {job.status.value}.", "jobId"
            )
        job.status, job.finished_at = JobStatus.CANCELLED, utcnow()
        await job.save(update_fields=["status", "finished_at"])
        return job


async def failed_rows(tenant_id: UUID, job_id: UUID, page: PageRequest) -> Page[BulkRow]:
    async with tenant_scope(tenant_id):
        query = BulkRow.filter(job_id=job_id, status=RowStatus.FAILED)
        return await fetch_page(query, page)


async def failed_rows_csv(tenant_id: UUID, job_id: UUID) -> str:
    """The failed rows as the CSV they came in, with the row number and the error: fix, re-send."""
    async with tenant_scope(tenant_id):
        rows = await BulkRow.filter(job_id=job_id, status=RowStatus.FAILED).order_by("row_no")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", *COLUMNS, "error"])
    for row in rows:
        writer.writerow([row.row_no, *(row.data.get(name, "") for name in COLUMNS), row.error])
    return out.getvalue()


async def run_job(tenant_id: UUID, job_id: UUID) -> None:
    """The worker's job: every PENDING row, a chunk at a time, until done or cancelled."""
    while True:
        async with tenant_scope(tenant_id):
            job = await BulkJob.get_or_none(id=job_id)
            if job is None or job.status not in {JobStatus.QUEUED, JobStatus.RUNNING}:
                return
            if job.status is JobStatus.QUEUED:
                await BulkJob.filter(id=job_id).update(status=JobStatus.RUNNING)
            chunk = (
                await BulkRow.filter(job_id=job_id, status=RowStatus.PENDING)
                .order_by("row_no")
                .limit(CHUNK)
            )
            if not chunk:
                await _finish(tenant_id, job)
                return
            members = await _members(chunk)
        outcomes = await _apply(tenant_id, job, chunk, members)
        await _record(tenant_id, job_id, outcomes)


async def _apply(
    tenant_id: UUID, job: BulkJob, chunk: list[BulkRow], members: dict[str, UUID]
) -> list[Outcome]:
    checked: list[tuple[BulkRow, JournalRequest | str]] = [
        (row, _request(job, row, members)) for row in chunk
    ]
    requests = [r for _, r in checked if isinstance(r, JournalRequest)]
    posted: list[JournalResult | LedgerError] = []
    if requests and not job.dry_run:
        posted = await post_journals(tenant_id, requests)
    results = iter(posted)
    outcomes = []
    for row, request in checked:
        if isinstance(request, str):
            outcomes.append(Outcome(row.row_no, request))
            continue
        result = next(results, None)
        error = result.message if isinstance(result, LedgerError) else None
        outcomes.append(Outcome(row.row_no, error))
    return outcomes


def _request(job: BulkJob, row: BulkRow, members: dict[str, UUID]) -> JournalRequest | str:
    """The row's journal, or why it cannot have one."""
    data = row.data
    member = members.get(str(data.get("externalId", "")).strip())
    if member is None:
        return f"No member with externalId {str(data.get('externalId', ''))[:64]!r}."
    try:
        amount = int(str(data.get("amount", "")).strip())
    except ValueError:
        return "amount must be a whole number of points."
    if amount == 0 or abs(amount) > MAX_AMOUNT:
        return f"amount must be 1 to {MAX_AMOUNT} points, or -1 to -{MAX_AMOUNT} to deduct."
    reason = str(data.get("reason", "")).strip()
    if not 1 <= len(reason) <= MAX_REASON:
        return f"reason must be 1-{MAX_REASON} characters."
    expires = str(data.get("expiresAt") or "").strip()
    expires_at = None
    if expires:
        try:
            expires_at = datetime.fromisoformat(expires)
        except ValueError:
            return "expiresAt must be an ISO 8601 time, e.g. 2027-12-31T23:59:59+08:00."
        if expires_at.tzinfo is None:
            return "expiresAt needs a UTC offset, e.g. 2027-12-31T23:59:59+08:00."
        if amount < 0:
            return "A deduction takes no expiresAt."
    metadata = {"bulk_job_id": str(job.id), "row": row.row_no}
    command: Award | Deduct = (
        Award(member, amount, reason, expires_at, "BULK_AWARD", metadata)
        if amount > 0
        else Deduct(member, -amount, reason, "BULK_DEDUCT", metadata)
    )
    return JournalRequest(command, job.actor, f"bulk:{job.id}:{row.row_no}", report_balances=False)


async def _members(chunk: list[BulkRow]) -> dict[str, UUID]:
    wanted = {str(row.data.get("externalId", "")).strip() for row in chunk}
    found = await Member.filter(external_id__in=list(wanted)).values_list("external_id", "id")
    return {str(external): UUID(str(member)) for external, member in found}


async def _record(tenant_id: UUID, job_id: UUID, outcomes: list[Outcome]) -> None:
    """Mark the chunk's rows and count them, in one transaction: only rows still PENDING are
    marked and counted, so a chunk run twice (a worker that was presumed dead) counts once."""
    async with tenant_scope(tenant_id) as connection:
        marked = await connection.execute_query_dict(
            "UPDATE bulk_row r SET status = CASE WHEN o.error IS NULL THEN 'OK' ELSE 'FAILED' END,"
            " error = o.error FROM unnest($2::int[], $3::text[]) AS o(n, error)"
            " WHERE r.job_id = $1 AND r.row_no = o.n AND r.status = 'PENDING' RETURNING r.status",
            [job_id, [o.row_no for o in outcomes], [o.error for o in outcomes]],
        )
        ok = sum(1 for row in marked if row["status"] == RowStatus.OK.value)
        await connection.execute_query(
            "UPDATE bulk_job SET processed = processed + $2, succeeded = succeeded + $3,"
            " failed = failed + $4 WHERE id = $1",
            [job_id, len(marked), ok, len(marked) - ok],
        )


async def _finish(tenant_id: UUID, job: BulkJob) -> None:
    """Mark the job done and tell the merchant's endpoints; call in the tenant's scope."""
    await BulkJob.filter(id=job.id).update(status=JobStatus.SUCCEEDED, finished_at=utcnow())
    done = await BulkJob.get(id=job.id)
    await emit(
        tenant_id,
        "bulk_job.completed",
        {
            "job_id": str(done.id),
            "kind": done.kind,
            "dry_run": done.dry_run,
            "total": done.total,
            "succeeded": done.succeeded,
            "failed": done.failed,
        },
    )
