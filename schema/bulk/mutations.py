"""startBulkPointsJob, importMembers, startSegmentAction and cancelBulkJob."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, TypeVar

import strawberry

from app.analytics.recall import AtRiskQuery
from app.bulk import members_import, models, points, service
from app.bulk.errors import BulkError, BulkErrorCode
from app.bulk.segments import MemberFilter, PointsAction, RewardAction
from schema.bulk.types import BulkJob, BulkJobPayload, BulkUserError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, actor_of, mutation, tenant_of
from schema.scalars import Points
from tenants.roles import ApiScope, StaffRole

T = TypeVar("T")


@strawberry.input(description="One row of a bulk points job.")
class BulkPointsRowInput:
    external_id: str
    amount: str
    reason: str
    expires_at: str | None = None


@strawberry.input
class StartBulkPointsJobInput:
    rows: list[BulkPointsRowInput] | None = None
    csv: str | None = None
    dry_run: bool = False
    idempotency_key: str


@strawberry.input(description="One lot of a member's opening balance.")
class OpeningLotInput:
    points: Points
    expires_at: datetime | None = None


@strawberry.input(description="A member to import, as your previous system knew them.")
class ImportMemberInput:
    external_id: str
    display_name: str | None = None
    phone: str | None = None
    email: str | None = None
    birthday: date | None = None
    tier: str | None = None
    tier_until: datetime | None = None
    lots: list[OpeningLotInput] = strawberry.field(default_factory=list)


@strawberry.input
class ImportMembersInput:
    members: list[ImportMemberInput] | None = None
    csv: str | None = None
    dry_run: bool = False
    idempotency_key: str


@strawberry.input(description="atRiskMembers' members (流失召回), by the same arguments.")
class AtRiskSegmentInput:
    inactive_days: int
    min_balance: Points = Points(1)


@strawberry.input(description="Members matching every condition given.")
class MemberFilterInput:
    external_ids: list[str] | None = None
    tier_ids: list[strawberry.ID] | None = None
    min_balance: Points | None = None
    max_balance: Points | None = None
    inactive_days: int | None = None
    joined_after: datetime | None = None
    joined_before: datetime | None = None


@strawberry.input(description="Whom a segment action reaches: give exactly one.")
class SegmentInput:
    at_risk: AtRiskSegmentInput | None = None
    filter: MemberFilterInput | None = None


@strawberry.input(description="Points for every member of the segment.")
class SegmentPointsInput:
    amount: Points
    reason: str
    expires_at: datetime | None = None


@strawberry.input(description="A reward for every member of the segment.")
class SegmentRewardInput:
    reward_id: strawberry.ID
    reason: str


@strawberry.input(description="What a segment action does: give exactly one.")
class SegmentActionInput:
    award_points: SegmentPointsInput | None = None
    grant_reward: SegmentRewardInput | None = None


@strawberry.input
class StartSegmentActionInput:
    segment: SegmentInput
    action: SegmentActionInput
    dry_run: bool = False
    idempotency_key: str


@strawberry.input
class CancelBulkJobInput:
    job_id: strawberry.ID


@strawberry.type
class BulkMutations:
    @mutation(
        Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
        "Award (positive amounts) or deduct (negative) points for up to 100,000 members, by "
        "their external ids, from `rows` or a `csv` (header externalId,amount,reason[,expiresAt])"
        ". The rows are checked and applied by the worker, each exactly once; `bulkJob` shows the "
        "progress and the rows that failed (each with its reason), and a bulk_job.completed "
        "webhook event says when it is done. `dryRun` checks every row and moves nothing. "
        "Errors: INVALID_INPUT, TOO_MANY_ROWS, IDEMPOTENCY_KEY_REUSED.",
    )
    async def start_bulk_points_job(
        self, info: Info, input: StartBulkPointsJobInput
    ) -> BulkJobPayload:
        async def start() -> models.BulkJob:
            rows = _rows(input.rows, input.csv, "rows", _points_row, points.rows_from_csv)
            return await service.start_points_job(
                tenant_of(info), rows, input.dry_run, actor_of(info), input.idempotency_key
            )

        return await _started(start)

    @mutation(
        Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
        "Import members from another system (up to 100,000): each member's profile (created, "
        "or the given fields updated), opening balance as lots with their own expiries, and the "
        "tier they held, kept until `tierUntil` (a year from the import by default). From "
        "`members` or a `csv` (header externalId[,displayName,phone,email,birthday,tier,"
        "tierUntil,points,expiresAt]; one lot per line, so a member with several lots takes "
        "several lines). No sign-up bonus is paid. Run by the worker like startBulkPointsJob, "
        "each row exactly once. Errors: INVALID_INPUT, TOO_MANY_ROWS, IDEMPOTENCY_KEY_REUSED.",
    )
    async def import_members(self, info: Info, input: ImportMembersInput) -> BulkJobPayload:
        async def start() -> models.BulkJob:
            rows = _rows(
                input.members, input.csv, "members", _import_row, members_import.rows_from_csv
            )
            return await service.import_members(
                tenant_of(info), rows, input.dry_run, actor_of(info), input.idempotency_key
            )

        return await _started(start)

    @mutation(
        Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
        "Award points, or grant a reward, to every active member of a segment: atRiskMembers' "
        "(win them back, 流失召回) or an explicit filter. The segment is fixed when the job "
        "starts (its size is the job's `total`; at most 100,000 members); the worker applies "
        "it, each member exactly once. A reward is an order like a lottery prize (no points, "
        "codes delivered); members it finds out of stock fail their rows. `dryRun` counts and "
        "checks, moving nothing. Errors: INVALID_INPUT, SEGMENT_EMPTY, REWARD_NOT_FOUND, "
        "TOO_MANY_ROWS, IDEMPOTENCY_KEY_REUSED.",
    )
    async def start_segment_action(
        self, info: Info, input: StartSegmentActionInput
    ) -> BulkJobPayload:
        async def start() -> models.BulkJob:
            return await service.start_segment_action(
                tenant_of(info),
                _segment(input.segment),
                _action(input.action),
                input.dry_run,
                actor_of(info),
                input.idempotency_key,
            )

        return await _started(start)

    @mutation(
        Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
        "Stop a bulk job between chunks; rows not yet run never run. Errors: JOB_NOT_FOUND, "
        "ALREADY_FINISHED.",
    )
    async def cancel_bulk_job(self, info: Info, input: CancelBulkJobInput) -> BulkJobPayload:
        return await _started(lambda: service.cancel_job(tenant_of(info), parse_id(input.job_id)))


async def _started(start: Callable[[], Awaitable[models.BulkJob]]) -> BulkJobPayload:
    """The job `start` answers, or why it refused."""
    try:
        job = await start()
    except BulkError as error:
        return BulkJobPayload(user_errors=user_errors(error, BulkUserError))
    return BulkJobPayload(job=BulkJob.from_model(job))


def _rows(
    listed: list[T] | None,
    csv: str | None,
    field: str,
    row: Callable[[T], dict[str, Any]],
    read_csv: Callable[[str], list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """A job's rows, sent as a list (`field`) or as a CSV: exactly one of the two."""
    if (listed is None) == (csv is None):
        raise BulkError(BulkErrorCode.INVALID_INPUT, f"Give exactly one of {field}, csv.", field)
    return read_csv(csv) if csv is not None else [row(item) for item in listed or []]


def _points_row(row: BulkPointsRowInput) -> dict[str, Any]:
    return {
        "externalId": row.external_id,
        "amount": row.amount,
        "reason": row.reason,
        "expiresAt": row.expires_at or "",
    }


def _import_row(member: ImportMemberInput) -> dict[str, Any]:
    """A member as an import row: the same fields a CSV line gives, as text."""
    lots = [
        {
            "points": str(lot.points),
            "expiresAt": lot.expires_at.isoformat() if lot.expires_at else "",
        }
        for lot in member.lots
    ]
    return {
        "externalId": member.external_id,
        "displayName": member.display_name or "",
        "phone": member.phone or "",
        "email": member.email or "",
        "birthday": member.birthday.isoformat() if member.birthday else "",
        "tier": member.tier or "",
        "tierUntil": member.tier_until.isoformat() if member.tier_until else "",
        "lots": lots,
    }


def _segment(segment: SegmentInput) -> MemberFilter:
    if (segment.at_risk is None) == (segment.filter is None):
        raise BulkError(
            BulkErrorCode.INVALID_INPUT, "Give exactly one of atRisk, filter.", "segment"
        )
    if segment.at_risk is not None:
        at_risk = segment.at_risk
        return MemberFilter.at_risk(AtRiskQuery(at_risk.inactive_days, at_risk.min_balance))
    chosen = segment.filter
    assert chosen is not None  # noqa: S101 - one of the two, checked above
    return MemberFilter(
        external_ids=[value.strip() for value in chosen.external_ids]
        if chosen.external_ids is not None
        else None,
        tier_ids=[parse_id(tier) for tier in chosen.tier_ids]
        if chosen.tier_ids is not None
        else None,
        min_balance=chosen.min_balance,
        max_balance=chosen.max_balance,
        inactive_days=chosen.inactive_days,
        joined_after=chosen.joined_after,
        joined_before=chosen.joined_before,
    )


def _action(action: SegmentActionInput) -> PointsAction | RewardAction:
    if (action.award_points is None) == (action.grant_reward is None):
        raise BulkError(
            BulkErrorCode.INVALID_INPUT, "Give exactly one of awardPoints, grantReward.", "action"
        )
    if action.award_points is not None:
        award = action.award_points
        return PointsAction(award.amount, award.reason, award.expires_at)
    grant = action.grant_reward
    assert grant is not None  # noqa: S101 - one of the two, checked above
    return RewardAction(parse_id(grant.reward_id), grant.reason)
