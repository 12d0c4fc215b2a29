"""GraphQL types of members."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from redis.exceptions import RedisError
from strawberry.scalars import JSON

from app.core.redis import shared
from app.earning.models import EarningEvent
from app.earning.occasion_awards import check_in_history, referral_code_of
from app.ledger import reads
from app.ledger.leaderboard import Period, standing
from app.members import models
from app.members.errors import MemberError, MemberErrorCode
from app.members.models import MemberStatus
from app.members.service import set_member_status
from app.redemption.models import OrderStatus
from app.redemption.orders import OrderFilter, list_orders
from app.tiers.service import tier_history, tier_status
from schema.engagement.achievements import AchievementProgress, Badge, badges_of, progress_of
from schema.errors import UserError, user_errors
from schema.leaderboards.types import LeaderboardStanding, LeaderboardUnavailableError, PeriodEnum
from schema.ledger.types import (
    ExpiringPoints,
    HistoryFilter,
    PointsHistoryEntry,
    PointsLot,
    Wallet,
)
from schema.pagination import Connection, connection, entry_connection, page_request
from schema.redemption.types import Order, OrderStatusEnum
from schema.scalars import Points
from schema.tiers.types import MemberTierStatus, TierChange

MemberErrorCodeEnum = strawberry.enum(
    MemberErrorCode, name="MemberErrorCode", description="Why a member mutation was refused."
)
MemberStatusEnum = strawberry.enum(
    MemberStatus,
    description="BLOCKED members' tokens are refused and they cannot be issued new ones.",
)


@strawberry.type(description="A refused member mutation: which field, why, and a readable message.")
class MemberUserError(UserError):
    code: Annotated[MemberErrorCode, MemberErrorCodeEnum]


@strawberry.type(description="One day's check-in.")
class CheckIn:
    day: date = strawberry.field(description="The merchant's local day checked in.")
    streak: int = strawberry.field(description="Days in a row, this one included.")
    points: Points = strawberry.field(description="Points it paid (0 when capped).")
    at: datetime

    @classmethod
    def from_model(cls, event: EarningEvent) -> CheckIn:
        return cls(
            day=event.local_date, streak=event.streak, points=Points(event.points),
            at=event.created_at,
        )  # fmt: skip


@strawberry.type(description="A member (customer) of the merchant.")
class Member:
    id: strawberry.ID
    external_id: str = strawberry.field(description="The merchant's own id for this member.")
    email: str | None
    phone: str | None
    email_verified: bool
    phone_verified: bool
    display_name: str
    birthday: date | None
    attributes: JSON = strawberry.field(description="Free-form JSON object the merchant keeps.")
    status: Annotated[MemberStatus, MemberStatusEnum]
    created_at: datetime
    updated_at: datetime
    tenant_id: strawberry.Private[UUID]

    @strawberry.field(description="The code this member gives friends (see applyReferralCode).")
    async def referral_code(self) -> str:
        return await referral_code_of(self.tenant_id, _uuid(self.id))

    @strawberry.field(description="The member's tier and progress to the next.")
    async def tier(self) -> MemberTierStatus:
        return MemberTierStatus.from_status(await tier_status(self.tenant_id, _uuid(self.id)))

    @strawberry.field(description="How the member's tier changed and why, newest first.")
    async def tier_history(self) -> list[TierChange]:
        changes = await tier_history(self.tenant_id, _uuid(self.id))
        return [TierChange.from_model(change) for change in changes]

    @strawberry.field(
        description="The member's place on a leaderboard (points earned in the period); null "
        "before the member earns any; LEADERBOARD_UNAVAILABLE while Redis does not answer."
    )
    async def leaderboard_rank(
        self, period: Annotated[Period, PeriodEnum]
    ) -> LeaderboardStanding | None:
        redis = shared()
        try:
            found = await standing(redis, self.tenant_id, period, _uuid(self.id)) if redis else None
        except RedisError as error:
            raise LeaderboardUnavailableError from error
        return LeaderboardStanding(rank=found.rank, points=Points(found.points)) if found else None

    @strawberry.field(description="The member's points.")
    async def wallet(self) -> Wallet:
        return Wallet.from_view(await reads.wallet_of(self.tenant_id, _uuid(self.id)))

    @strawberry.field(description="Points expiring within `withinDays` days, soonest first.")
    async def expiring_points(self, within_days: int = 30) -> list[ExpiringPoints]:
        batches = await reads.expiring_points(self.tenant_id, _uuid(self.id), within_days)
        return [ExpiringPoints(expires_at=b.expires_at, points=Points(b.points)) for b in batches]

    @strawberry.field(description="Lots still holding points, oldest first. `first` at most 100.")
    async def lots(
        self,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PointsLot]:
        page = await reads.lots_of(
            self.tenant_id, _uuid(self.id), page_request(first, after, last, before)
        )
        return connection(page, PointsLot.from_model)

    @strawberry.field(
        description="Every movement of the member's points, newest first, with its reason and "
        "references. `first` at most 100."
    )
    async def history(
        self,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: HistoryFilter | None = None,
    ) -> Connection[PointsHistoryEntry]:
        only = reads.HistoryFilter(filter.codes, filter.since, filter.until) if filter else None
        page = await reads.history_of(
            self.tenant_id, _uuid(self.id), page_request(first, after, last, before), only
        )
        return entry_connection(page, PointsHistoryEntry.from_entry, lambda e: e.transfer.id)

    @strawberry.field(
        description="The member's orders, oldest first, optionally in one status. `first` at "
        "most 100."
    )
    async def orders(
        self,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        status: Annotated[OrderStatus, OrderStatusEnum] | None = None,
    ) -> Connection[Order]:
        only = OrderFilter(_uuid(self.id), status)
        page = await list_orders(self.tenant_id, only, page_request(first, after, last, before))
        return connection(page, Order.from_model)

    @strawberry.field(
        description="Each live achievement and the member's progress towards it in its "
        "current window."
    )
    async def achievements(self) -> list[AchievementProgress]:
        return await progress_of(self.tenant_id, _uuid(self.id))

    @strawberry.field(description="The achievements the member reached (badges), newest first.")
    async def badges(self) -> list[Badge]:
        return await badges_of(self.tenant_id, _uuid(self.id))

    @strawberry.field(
        description="The member's check-ins, newest first: the local day, the streak it made "
        "and the points it paid. `first` at most 100."
    )
    async def check_ins(
        self,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[CheckIn]:
        page = await check_in_history(
            self.tenant_id, _uuid(self.id), page_request(first, after, last, before)
        )
        return connection(page, CheckIn.from_model)

    @classmethod
    def from_model(cls, member: models.Member) -> Member:
        attributes: dict[str, Any] = member.attributes
        return cls(
            id=strawberry.ID(str(member.id)),
            external_id=member.external_id,
            email=member.email,
            phone=member.phone,
            email_verified=member.email_verified,
            phone_verified=member.phone_verified,
            display_name=member.display_name,
            birthday=member.birthday,
            attributes=JSON(attributes),
            status=member.status,
            created_at=member.created_at,
            updated_at=member.updated_at,
            tenant_id=member.tenant_id,
        )


def _uuid(value: strawberry.ID) -> UUID:
    return UUID(str(value))


@strawberry.input
class MemberStatusInput:
    member_id: strawberry.ID


@strawberry.type
class MemberStatusPayload:
    member: Member | None = None
    user_errors: list[MemberUserError] = strawberry.field(default_factory=list)


async def set_status(tenant_id: UUID, member_id: UUID, status: MemberStatus) -> MemberStatusPayload:
    """blockMember's and unblockMember's one step: the status set, or why not."""
    try:
        member = await set_member_status(tenant_id, member_id, status)
    except MemberError as error:
        return MemberStatusPayload(user_errors=user_errors(error, MemberUserError))
    return MemberStatusPayload(member=Member.from_model(member))
