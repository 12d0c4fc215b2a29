"""What every kind of bulk row shares: its outcome, the checks of its fields, the posting of a
chunk's journals in one group commit, and the marking of a chunk's rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from app.bulk.models import RowStatus
from app.ledger.errors import LedgerError
from app.ledger.requests import JournalRequest, JournalResult
from app.ledger.service import post_journals
from app.members.models import Member

MAX_REASON = 500


@dataclass(frozen=True)
class Outcome:
    row_no: int
    error: str | None


class RowError(Exception):
    """A row that cannot apply; its message is what the merchant reads in the job's errors."""


def text(data: dict[str, Any], name: str) -> str:
    return str(data.get(name) or "").strip()


def reason_of(data: dict[str, Any]) -> str:
    reason = text(data, "reason")
    if not 1 <= len(reason) <= MAX_REASON:
        raise RowError(f"reason must be 1-{MAX_REASON} characters.")
    return reason


def expiry_of(value: str, now: datetime, name: str = "expiresAt") -> datetime | None:
    """An optional ISO 8601 time with a UTC offset, in the future."""
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        raise RowError(
            f"{name} must be an ISO 8601 time, e.g. 2027-12-31T23:59:59+08:00."
        ) from None
    if at.tzinfo is None:
        raise RowError(f"{name} needs a UTC offset, e.g. 2027-12-31T23:59:59+08:00.")
    if at <= now:
        raise RowError(f"{name} must be in the future.")
    return at


async def members_by_external_id(external_ids: set[str]) -> dict[str, UUID]:
    """The tenant's members among these external ids; call in the tenant's scope."""
    found = await Member.filter(external_id__in=list(external_ids)).values_list("external_id", "id")
    return {str(external): UUID(str(member)) for external, member in found}


async def post_rows(
    tenant_id: UUID, rows: list[tuple[int, list[JournalRequest] | str]], dry_run: bool
) -> list[Outcome]:
    """Each row's journals (or why it has none) -> its outcome: the first journal a row's
    ledger refused, else OK. Every journal is posted in one group commit (none on a dry run)."""
    requests = [r for _, rs in rows if not isinstance(rs, str) for r in rs]
    posted: list[JournalResult | LedgerError] = []
    if requests and not dry_run:
        posted = await post_journals(tenant_id, requests)
    results = iter(posted)
    outcomes = []
    for row_no, journals in rows:
        if isinstance(journals, str):
            outcomes.append(Outcome(row_no, journals))
            continue
        answers = [next(results, None) for _ in journals]
        refusals = [answer.message for answer in answers if isinstance(answer, LedgerError)]
        outcomes.append(Outcome(row_no, refusals[0] if refusals else None))
    return outcomes


async def mark_rows(connection: BaseDBAsyncClient, job_id: UUID, outcomes: list[Outcome]) -> None:
    """Mark the chunk's rows and count them, in the caller's transaction: only rows still
    PENDING are marked and counted, so a chunk run twice (a worker that was presumed dead)
    counts once."""
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
