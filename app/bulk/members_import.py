"""Member import rows, for a merchant moving from another system: the member's profile (created,
or the given fields updated), an opening balance as lots each with its own expiry, and the tier
the member held (kept until `tierUntil`, a year from the import by default, whatever their
progress here).

Imported members are existing customers: no sign-up or profile bonus is paid. A chunk's members
are written in one statement (`upsert_members`): one at a time, an import ran at 0.41 of the
ledger's own speed (bench/bulk.py --kind import). Opening balances
are issued like any award, so they count as points earned on the import day where tiers are
based on points earned. Run again, a row changes nothing more: the upsert writes the same
values, each lot's journal is keyed `bulk:<job>:<row>:<lot>`, and the tier is set only when it
differs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from app.bulk.models import BulkJob, BulkRow
from app.bulk.points import read_csv, whole_points
from app.bulk.rows import Outcome, RowError, expiry_of, post_rows, text
from app.core.db import tenant_scope
from app.ledger.commands import Award
from app.ledger.requests import JournalRequest
from app.members.errors import MemberError
from app.members.profile import clean_external_id, clean_profile
from app.members.service import upsert_members
from app.tiers.models import Tier
from app.tiers.service import set_member_tier
from tenants.clock import phone_region_of

KIND = "IMPORT_MEMBERS"
COLUMNS = (
    "externalId", "displayName", "phone", "email", "birthday", "tier", "tierUntil", "points",
    "expiresAt",
)  # fmt: skip
MAX_LOTS = 20
TIER_KEPT = timedelta(days=365)
PROFILE = {"displayName": "display_name", "phone": "phone", "email": "email"}


@dataclass(frozen=True)
class Lot:
    points: int
    expires_at: datetime | None


@dataclass(frozen=True)
class Imported:
    row_no: int
    external_id: str
    profile: dict[str, Any]
    lots: list[Lot]
    tier: Tier | None
    tier_until: datetime


def rows_from_csv(csv_text: str) -> list[dict[str, Any]]:
    """One member per row (`externalId` required); `points` with `expiresAt` is one lot of the
    opening balance: a member with several lots takes several rows, the profile on any of
    them."""
    rows: list[dict[str, Any]] = []
    for row in read_csv(csv_text, COLUMNS, required=("externalId",)):
        lots = [{"points": row["points"], "expiresAt": row["expiresAt"]}] if row["points"] else []
        rows.append({name: row[name] for name in COLUMNS[:7]} | {"lots": lots})
    return rows


async def apply(tenant_id: UUID, job: BulkJob, chunk: list[BulkRow]) -> list[Outcome]:
    async with tenant_scope(tenant_id):
        tiers = {tier.name: tier for tier in await Tier.all()}
    region = await phone_region_of(tenant_id)
    checked: list[Imported | Outcome] = []
    for row in chunk:
        try:
            # Expiries "in the future" as of the job's start: a resumed row is checked as first.
            checked.append(_checked(row, tiers, job.created_at + TIER_KEPT, job.created_at, region))
        except RowError as refused:
            checked.append(Outcome(row.row_no, str(refused)))
    valid = [row for row in checked if isinstance(row, Imported)]
    members = {} if job.dry_run else await _upsert(tenant_id, valid)
    journals: list[tuple[int, list[JournalRequest] | str]] = [
        (row.row_no, str(row.error))
        if isinstance(row, Outcome)
        else (row.row_no, _lots(job, row, members.get(row.external_id)))
        for row in checked
    ]
    outcomes = await post_rows(tenant_id, journals, job.dry_run)
    if not job.dry_run:
        placed = {o.row_no for o in outcomes if o.error is None}
        await _place(tenant_id, [row for row in valid if row.row_no in placed], members)
    return outcomes


def _checked(
    row: BulkRow, tiers: dict[str, Tier], tier_until: datetime, now: datetime, region: str | None
) -> Imported:
    data = row.data
    try:
        external_id = clean_external_id(text(data, "externalId"))
        changes: dict[str, Any] = {
            column: text(data, name) for name, column in PROFILE.items() if text(data, name)
        }
        if text(data, "birthday"):
            changes["birthday"] = _date(text(data, "birthday"))
        profile = clean_profile(changes, now.date(), region)
    except MemberError as error:
        raise RowError(error.message) from None
    tier = None
    if text(data, "tier"):
        tier = tiers.get(text(data, "tier"))
        if tier is None:
            names = ", ".join(sorted(tiers))
            raise RowError(f"No tier named {text(data, 'tier')[:64]!r} (tiers: {names}).")
    until = expiry_of(text(data, "tierUntil"), now, "tierUntil") or tier_until
    lots = data.get("lots") or []
    if not isinstance(lots, list) or len(lots) > MAX_LOTS:
        raise RowError(f"At most {MAX_LOTS} lots per member.")
    opening = [
        Lot(whole_points(lot, "points"), expiry_of(text(lot, "expiresAt"), now)) for lot in lots
    ]
    return Imported(row.row_no, external_id, profile, opening, tier, until)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError("birthday must be a date, e.g. 1990-05-17.") from None


async def _upsert(tenant_id: UUID, rows: list[Imported]) -> dict[str, UUID]:
    """The chunk's members, created or updated in one statement; a member on several rows
    (several lots) takes the fields each row gives, the later row's where both do."""
    profiles: dict[str, dict[str, Any]] = {}
    for row in rows:
        profiles.setdefault(row.external_id, {}).update(row.profile)
    async with tenant_scope(tenant_id):
        return await upsert_members(tenant_id, profiles)


def _lots(job: BulkJob, row: Imported, member: UUID | None) -> list[JournalRequest]:
    metadata = {"bulk_job_id": str(job.id), "row": row.row_no}
    # On a dry run no member is written: the journals are only counted, never posted.
    owner = member or UUID(int=0)
    return [
        JournalRequest(
            Award(
                owner, lot.points, "Opening balance", lot.expires_at, "OPENING_BALANCE", metadata
            ),
            job.actor,
            f"bulk:{job.id}:{row.row_no}:{n}",
            report_balances=False,
        )
        for n, lot in enumerate(row.lots, start=1)
    ]


async def _place(tenant_id: UUID, rows: list[Imported], members: dict[str, UUID]) -> None:
    """Each imported member into the tier they held, until their `tierUntil`."""
    async with tenant_scope(tenant_id):
        for row in rows:
            if row.tier is not None:
                await set_member_tier(
                    tenant_id, members[row.external_id], row.tier.id, row.tier_until, "Imported"
                )
