"""Bulk points rows: `{externalId, amount, reason, expiresAt}`, a positive amount awarded (a lot
with the row's expiry), a negative one deducted. Each row is one journal keyed
`bulk:<job>:<row>`, so a row run again is answered by the ledger, not applied twice."""

from __future__ import annotations

import csv
import io
from typing import Any
from uuid import UUID

from app.bulk.errors import BulkError, BulkErrorCode
from app.bulk.models import BulkJob, BulkRow
from app.bulk.rows import (
    Outcome,
    RowError,
    expiry_of,
    members_by_external_id,
    post_rows,
    reason_of,
    text,
)
from app.core.db import tenant_scope
from app.ledger.accounts import MAX_AMOUNT
from app.ledger.commands import Award, Deduct
from app.ledger.requests import JournalRequest

KIND = "POINTS"
COLUMNS = ("externalId", "amount", "reason", "expiresAt")


def rows_from_csv(text: str) -> list[dict[str, str]]:
    """The rows of a CSV with the header `externalId,amount,reason[,expiresAt]` (extra columns
    are ignored). A malformed file is refused; a malformed row becomes a FAILED row."""
    return read_csv(text, COLUMNS, required=COLUMNS[:3])


def read_csv(
    text: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> list[dict[str, str]]:
    """A CSV's rows by `columns` (a missing optional column reads as empty)."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [name for name in required if name not in header]
    if missing:
        optional = [name for name in columns if name not in required]
        raise BulkError(
            BulkErrorCode.INVALID_INPUT,
            f"The CSV needs a header with {', '.join(required)}"
            + (f" (and optionally {', '.join(optional)})" if optional else "")
            + f"; missing: {', '.join(missing)}.",
            "csv",
        )
    return [{name: (row.get(name) or "").strip() for name in columns} for row in reader]


async def apply(tenant_id: UUID, job: BulkJob, chunk: list[BulkRow]) -> list[Outcome]:
    async with tenant_scope(tenant_id):
        members = await members_by_external_id({text(row.data, "externalId") for row in chunk})
    checked: list[tuple[int, list[JournalRequest] | str]] = []
    for row in chunk:
        try:
            checked.append((row.row_no, [_request(job, row, members)]))
        except RowError as refused:
            checked.append((row.row_no, str(refused)))
    return await post_rows(tenant_id, checked, job.dry_run)


def _request(job: BulkJob, row: BulkRow, members: dict[str, UUID]) -> JournalRequest:
    data = row.data
    member = members.get(text(data, "externalId"))
    if member is None:
        raise RowError(f"No member with externalId {text(data, 'externalId')[:64]!r}.")
    amount = whole_points(data, "amount", allow_negative=True)
    reason = reason_of(data)
    # "In the future" as of the job's start: a row resumed later is checked as it was first.
    expires_at = expiry_of(text(data, "expiresAt"), job.created_at)
    if expires_at is not None and amount < 0:
        raise RowError("A deduction takes no expiresAt.")
    metadata = {"bulk_job_id": str(job.id), "row": row.row_no}
    command: Award | Deduct = (
        Award(member, amount, reason, expires_at, "BULK_AWARD", metadata)
        if amount > 0
        else Deduct(member, -amount, reason, "BULK_DEDUCT", metadata)
    )
    return JournalRequest(command, job.actor, f"bulk:{job.id}:{row.row_no}", report_balances=False)


def whole_points(data: dict[str, Any], name: str, allow_negative: bool = False) -> int:
    try:
        amount = int(text(data, name))
    except ValueError:
        raise RowError(f"{name} must be a whole number of points.") from None
    if amount == 0 or abs(amount) > MAX_AMOUNT or (amount < 0 and not allow_negative):
        deduct = f", or -1 to -{MAX_AMOUNT} to deduct" if allow_negative else ""
        raise RowError(f"{name} must be 1 to {MAX_AMOUNT} points{deduct}.")
    return amount
