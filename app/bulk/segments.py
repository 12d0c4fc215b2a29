"""Segment actions (流失召回 and other campaigns to a group): points or a reward for every
active member of a segment, `atRiskMembers`'s or an explicit filter's.

The segment is resolved when the job starts: its members become the job's rows, so the job
acts on the members the merchant saw counted, and a resumed job on the same ones (a member who
matches only later is not added half-way). Points rows are journals keyed `bulk:<job>:<row>`.
A reward row's order is made in the transaction that marks the row, its row locked: a chunk
run again finds its rows no longer PENDING and grants nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from app.analytics.errors import AnalyticsError
from app.analytics.figures import MAX_ACTIVE_DAYS, basis_in
from app.analytics.recall import AtRiskQuery
from app.bulk.errors import BulkError, BulkErrorCode
from app.bulk.models import BulkJob, BulkRow, RowStatus
from app.bulk.rows import MAX_REASON, Outcome, mark_rows, post_rows
from app.catalog.models import Reward, RewardStatus
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.ledger.accounts import MAX_AMOUNT
from app.ledger.commands import Award
from app.ledger.requests import JournalRequest
from app.members.models import Member, MemberStatus
from app.redemption.redeem import grant_prize

POINTS_KIND = "SEGMENT_POINTS"
REWARD_KIND = "SEGMENT_REWARD"
COLUMNS = ("memberId", "externalId")
MAX_EXTERNAL_IDS = 10_000


@dataclass(frozen=True)
class MemberFilter:
    """Active members matching every condition given (None: no condition)."""

    external_ids: list[str] | None = None
    tier_ids: list[UUID] | None = None
    min_balance: int | None = None
    max_balance: int | None = None
    inactive_days: int | None = None
    joined_after: datetime | None = None
    joined_before: datetime | None = None

    @classmethod
    def at_risk(cls, query: AtRiskQuery) -> MemberFilter:
        """`atRiskMembers`'s members (those of them still active): checked as it checks."""
        try:
            query = query.checked()
        except AnalyticsError as error:
            raise BulkError(BulkErrorCode.INVALID_INPUT, error.message, error.field) from None
        return cls(min_balance=query.min_balance, inactive_days=query.inactive_days)

    def checked(self) -> MemberFilter:
        def refuse(message: str, field: str) -> BulkError:
            return BulkError(BulkErrorCode.INVALID_INPUT, message, field)

        if self.external_ids is not None and len(self.external_ids) > MAX_EXTERNAL_IDS:
            raise refuse(f"At most {MAX_EXTERNAL_IDS:,} external ids.", "externalIds")
        for value, field in ((self.min_balance, "minBalance"), (self.max_balance, "maxBalance")):
            if value is not None and not 0 <= value <= MAX_AMOUNT:
                raise refuse(f"{field} must be 0 to {MAX_AMOUNT}.", field)
        if self.inactive_days is not None and not 1 <= self.inactive_days <= MAX_ACTIVE_DAYS:
            raise refuse(f"inactiveDays must be 1 to {MAX_ACTIVE_DAYS}.", "inactiveDays")
        return self


@dataclass(frozen=True)
class PointsAction:
    amount: int
    reason: str
    expires_at: datetime | None = None

    def checked(self) -> dict[str, Any]:
        """The job's params."""
        if not 1 <= self.amount <= MAX_AMOUNT:
            raise BulkError(
                BulkErrorCode.INVALID_INPUT, f"amount must be 1 to {MAX_AMOUNT}.", "amount"
            )
        if self.expires_at is not None and self.expires_at <= utcnow():
            raise BulkError(
                BulkErrorCode.INVALID_INPUT, "expiresAt must be in the future.", "expiresAt"
            )
        expires = self.expires_at.isoformat() if self.expires_at else ""
        return {"amount": self.amount, "reason": _reason(self.reason), "expiresAt": expires}


@dataclass(frozen=True)
class RewardAction:
    reward_id: UUID
    reason: str

    async def checked(self, tenant_id: UUID) -> dict[str, Any]:
        reason = _reason(self.reason)
        async with tenant_scope(tenant_id):
            reward = await Reward.get_or_none(id=self.reward_id)
        if reward is None or reward.status is not RewardStatus.ACTIVE:
            raise BulkError(BulkErrorCode.REWARD_NOT_FOUND, "No such active reward.", "rewardId")
        return {"rewardId": str(reward.id), "reason": reason}


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not 1 <= len(reason) <= MAX_REASON:
        raise BulkError(
            BulkErrorCode.INVALID_INPUT, f"reason must be 1-{MAX_REASON} characters.", "reason"
        )
    return reason


async def segment_rows(tenant_id: UUID, segment: MemberFilter, limit: int) -> list[dict[str, str]]:
    """The segment's members as rows `{memberId, externalId}`, at most `limit` + 1 of them (one
    more says the segment is too big)."""
    segment = segment.checked()
    async with tenant_scope(tenant_id) as connection:
        books = await basis_in(connection, tenant_id)
        cutoff = utcnow() - timedelta(days=segment.inactive_days) if segment.inactive_days else None
        rows = await connection.execute_query_dict(
            _SEGMENT,
            [
                tenant_id,
                books.currency_id,
                segment.external_ids,
                segment.tier_ids,
                segment.min_balance,
                segment.max_balance,
                cutoff,
                segment.joined_after,
                segment.joined_before,
                limit + 1,
            ],
        )
    return [{"memberId": str(row["id"]), "externalId": row["external_id"]} for row in rows]


# A wallet's available points and last activity are `atRiskMembers`'s (app/analytics/recall);
# a member's tier is the effective one (an override while it lasts), the lowest without a row.
_SEGMENT = """
SELECT m.id, m.external_id FROM member m
  LEFT JOIN account a ON a.tenant_id = m.tenant_id AND a.owner_id = m.id
   AND a.kind = 'MEMBER_WALLET' AND a.currency_id = $2
  LEFT JOIN member_tier mt ON mt.member_id = m.id
 WHERE m.tenant_id = $1 AND m.status = 'ACTIVE'
   AND ($3::text[] IS NULL OR m.external_id = ANY($3::text[]))
   AND ($4::uuid[] IS NULL OR coalesce(
        CASE WHEN mt.override_tier_id IS NOT NULL
              AND (mt.override_until IS NULL OR mt.override_until > now())
             THEN mt.override_tier_id ELSE mt.tier_id END,
        (SELECT id FROM tier WHERE tenant_id = $1 ORDER BY rank LIMIT 1)) = ANY($4::uuid[]))
   AND ($5::bigint IS NULL OR coalesce(a.posted - a.pending_dr, 0) >= $5::bigint)
   AND ($6::bigint IS NULL OR coalesce(a.posted - a.pending_dr, 0) <= $6::bigint)
   AND ($7::timestamptz IS NULL OR (a.id IS NOT NULL
        AND (a.last_activity_at IS NULL OR a.last_activity_at < $7::timestamptz)))
   AND ($8::timestamptz IS NULL OR m.created_at >= $8::timestamptz)
   AND ($9::timestamptz IS NULL OR m.created_at < $9::timestamptz)
 ORDER BY m.id LIMIT $10
"""


async def apply_points(tenant_id: UUID, job: BulkJob, chunk: list[BulkRow]) -> list[Outcome]:
    params = job.params
    expires = params.get("expiresAt") or ""
    expires_at = datetime.fromisoformat(expires) if expires else None
    checked: list[tuple[int, list[JournalRequest] | str]] = []
    for row in chunk:
        metadata = {"bulk_job_id": str(job.id), "row": row.row_no}
        member = UUID(row.data["memberId"])
        award = Award(
            member, params["amount"], params["reason"], expires_at, "SEGMENT_AWARD", metadata
        )
        journal = JournalRequest(
            award, job.actor, f"bulk:{job.id}:{row.row_no}", report_balances=False
        )
        checked.append((row.row_no, [journal]))
    return await post_rows(tenant_id, checked, job.dry_run)


async def apply_reward(tenant_id: UUID, job: BulkJob, chunk: list[BulkRow]) -> list[Outcome]:
    """Grant the reward to the chunk's members and mark their rows, in one transaction; returns
    no outcome left to mark. A dry run counts the stock down as the job goes: the rows that
    would find it gone fail."""
    reward_id, reason = UUID(job.params["rewardId"]), job.params["reason"]
    async with tenant_scope(tenant_id) as connection:
        pending = (
            await BulkRow.select_for_update()
            .filter(job_id=job.id, row_no__in=[row.row_no for row in chunk])
            .filter(status=RowStatus.PENDING)
            .order_by("row_no")
        )
        members = [UUID(row.data["memberId"]) for row in pending]
        found = await Member.filter(id__in=members, status=MemberStatus.ACTIVE).values_list(
            "id", flat=True
        )
        active = {UUID(str(member)) for member in found}
        reward = await Reward.get_or_none(id=reward_id)
        stock = 0 if reward is None else reward.stock_available - job.succeeded
        outcomes = []
        for row, member in zip(pending, members, strict=True):
            if member not in active:
                error: str | None = "The member is blocked."
            elif job.dry_run:
                error = (
                    None
                    if stock > 0 and reward and reward.status is RewardStatus.ACTIVE
                    else ("The reward would be out of stock or no longer active.")
                )
                stock -= error is None
            else:
                order = await grant_prize(tenant_id, member, reward_id, job.actor, reason)
                error = None if order else "The reward is out of stock or no longer active."
            outcomes.append(Outcome(row.row_no, error))
        await mark_rows(connection, job.id, outcomes)
    return []
