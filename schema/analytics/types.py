"""Analytics types: figures built from the domain's reports, computed field by field, so a
query pays only for what it selects."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from enum import Enum
from typing import Annotated, TypeVar
from uuid import UUID

import strawberry

from app.analytics import figures
from app.analytics.buckets import DateRange, Granularity, Ratio
from app.analytics.errors import AnalyticsError
from app.analytics.figures import FlowReport, Held, RedemptionTimes, ReportBasis
from app.analytics.flows import Flows, IssueSource
from schema.errors import refused
from schema.money import Money
from schema.scalars import Points

GranularityEnum = strawberry.enum(
    Granularity, name="Granularity", description="How a range is cut: local days, ISO weeks "
    "(Monday first) or calendar months, in the merchant's time zone; the first and last bucket "
    "are clipped to the range."
)  # fmt: skip
IssueSourceEnum = strawberry.enum(
    IssueSource, name="IssueSource", description="Where issued points came from. PURCHASE "
    "includes what campaigns added to purchases (see `campaigns`); TASK is sign-up, profile, "
    "birthday and event rules; MANUAL is points awarded by staff or a merchant's backend."
)  # fmt: skip

T = TypeVar("T")


async def answered(work: Awaitable[T]) -> T:
    """The domain's answer, or its refusal as a GraphQL error."""
    try:
        return await work
    except AnalyticsError as error:
        raise refused(error) from error


def started(work: Callable[[], Awaitable[T]]) -> asyncio.Future[T]:
    """`answered(work())` started now, to be awaited by every field that needs it. The domain's
    coroutine is made inside the task, so a task cancelled before it runs (GraphQL cancels the
    rest of a request when a non-null field fails) leaves no coroutine that was never awaited."""

    async def run() -> T:
        return await answered(work())

    return asyncio.ensure_future(run())


@strawberry.input(description="Whole local days, `from` to `to` inclusive (at most 3 years).")
class DateRangeInput:
    from_: date = strawberry.field(name="from")
    to: date

    def as_range(self) -> DateRange:
        return DateRange(self.from_, self.to)


@strawberry.type(description="Points a merchant owes its members, and their value.")
class Liability:
    points: Points
    value: Money = strawberry.field(
        description="The points in fiat, each at the value in force when it was earned (a "
        "change of the point's value never revalues points issued before it), rounded half up to "
        "the minor unit."
    )

    @classmethod
    def of(cls, held: Held, books: ReportBasis) -> Liability:
        return cls(points=Points(held.points), value=Money.of(held.value, books.fiat_currency))


@strawberry.type(description="Points issued from one source.")
class IssuedPoints:
    source: Annotated[IssueSource, IssueSourceEnum]
    points: Points


@strawberry.type(description="Posted points into and out of member wallets in a span of time.")
class PointsFlows:
    issued: Points = strawberry.field(description="All points issued to members.")
    issued_by_source: list[IssuedPoints] = strawberry.field(
        description="Issued points per source, sources with none left out."
    )
    redeemed: Points = strawberry.field(
        description="Points spent on rewards, donations, lotteries and in-store deductions, "
        "less points given back by cancellations and refunds."
    )
    returned: Points = strawberry.field(description="Points given back (already netted out).")
    expired: Points
    adjusted: Points = strawberry.field(
        description="Points taken back as corrections (clawbacks of refunded purchases)."
    )
    exchanged_out: Points = strawberry.field(description="Points converted to other currencies.")
    net: Points = strawberry.field(description="How much the liability changed.")

    @classmethod
    def of(cls, flows: Flows) -> PointsFlows:
        return cls(
            issued=Points(flows.issued_total),
            issued_by_source=[
                IssuedPoints(source=source, points=Points(points))
                for source, points in sorted(flows.issued.items())
                if points
            ],
            redeemed=Points(flows.redeemed_net),
            returned=Points(flows.returned),
            expired=Points(flows.expired),
            adjusted=Points(flows.adjusted),
            exchanged_out=Points(flows.exchanged_out),
            net=Points(flows.net),
        )


@strawberry.type(description="An exact ratio: `part / whole`, and in basis points (1/100 %).")
class Rate:
    part: Points
    whole: Points
    basis_points: int | None = strawberry.field(
        description="part / whole x 10,000, rounded half up; null when nothing was issued."
    )

    @classmethod
    def of(cls, ratio: Ratio) -> Rate:
        return cls(
            part=Points(ratio.part), whole=Points(ratio.whole), basis_points=ratio.basis_points
        )


@strawberry.type(description="One bucket of the range.")
class AnalyticsBucket:
    from_: date = strawberry.field(name="from", description="First local day.")
    to: date = strawberry.field(description="Last local day.")
    starts_at: datetime
    ends_at: datetime = strawberry.field(description="Exclusive.")
    flows: PointsFlows
    new_members: int
    closing_liability: Liability = strawberry.field(description="Liability at `endsAt`.")


@strawberry.type
class TierMembers:
    tier_id: strawberry.ID
    name: str
    members: int


@strawberry.type(description="Member counts.")
class MemberStats:
    total: int = strawberry.field(description="Members now.")
    active: int = strawberry.field(
        description="Members who earned or spent points on one of the last `activeDays` local "
        "days (today included)."
    )
    new: int = strawberry.field(description="Members who joined within the range.")
    by_tier: list[TierMembers] = strawberry.field(description="Members per tier now.")


@strawberry.type(description="Orders of one reward placed in the range that still stand.")
class RewardStat:
    reward_id: strawberry.ID
    name: str
    redemptions: int
    points: Points


@strawberry.type(description="Orders placed in one local hour of the day (0-23).")
class HourStat:
    hour: int
    redemptions: int
    points: Points


@strawberry.type(description="Orders placed on one ISO weekday (1 Monday - 7 Sunday).")
class WeekdayStat:
    weekday: int
    redemptions: int
    points: Points


@strawberry.type(description="What a campaign added to purchases recorded in the range.")
class CampaignResult:
    campaign_id: strawberry.ID
    name: str
    purchases: int = strawberry.field(description="Purchases it added points to.")
    points: Points = strawberry.field(description="Points it added (before any refunds).")
    sales: list[Money] = strawberry.field(description="What those purchases came to.")


@strawberry.enum(description="How `topRewards` ranks.")
class RewardRanking(Enum):
    REDEMPTIONS = "REDEMPTIONS"
    POINTS = "POINTS"


@strawberry.type(description="A merchant's figures over one range.")
class MerchantAnalytics:
    tenant_id: strawberry.Private[UUID]
    period: strawberry.Private[DateRange]
    granularity: Annotated[Granularity, GranularityEnum]
    report: strawberry.Private[asyncio.Future[FlowReport] | None] = None
    times: strawberry.Private[asyncio.Future[RedemptionTimes] | None] = None

    async def _report(self) -> FlowReport:
        """The flows, asked once however many fields need them."""
        if self.report is None:
            self.report = started(
                lambda: figures.points_flows(self.tenant_id, self.period, self.granularity)
            )
        return await self.report

    async def _times(self) -> RedemptionTimes:
        """Orders by hour and weekday, asked once for both fields."""
        if self.times is None:
            self.times = started(lambda: figures.redemption_times(self.tenant_id, self.period))
        return await self.times

    @strawberry.field(name="from")
    def from_(self) -> date:
        return self.period.first

    @strawberry.field
    def to(self) -> date:
        return self.period.last

    @strawberry.field(description="The time zone days are counted in (earning settings).")
    async def time_zone(self) -> str:
        return (await self._report()).books.zone.key

    @strawberry.field(description="The merchant's point currency code.")
    async def currency(self) -> str:
        return (await self._report()).books.code

    @strawberry.field(description="What members hold now (posted points).")
    async def liability(self) -> Liability:
        report = await self._report()
        return Liability.of(report.liability, report.books)

    @strawberry.field(description="Points promised but not yet posted (return windows).")
    async def pending_points(self) -> Points:
        return Points((await self._report()).pending)

    @strawberry.field(description="The range bucket by bucket.")
    async def buckets(self) -> list[AnalyticsBucket]:
        report = await self._report()
        return [
            AnalyticsBucket(
                from_=b.bucket.first,
                to=b.bucket.last,
                starts_at=b.bucket.start,
                ends_at=b.bucket.end,
                flows=PointsFlows.of(b.flows),
                new_members=b.new_members,
                closing_liability=Liability.of(b.closing_liability, report.books),
            )
            for b in report.buckets
        ]

    @strawberry.field(description="The whole range.")
    async def totals(self) -> PointsFlows:
        return PointsFlows.of((await self._report()).totals)

    @strawberry.field(description="Expired / issued over the range.")
    async def breakage_rate(self) -> Rate:
        return Rate.of((await self._report()).breakage_rate)

    @strawberry.field(description="Redeemed (net of returns) / issued over the range.")
    async def redemption_rate(self) -> Rate:
        return Rate.of((await self._report()).redemption_rate)

    @strawberry.field(description="Member counts; `activeDays` 1-3660.")
    async def members(self, active_days: int = 30) -> MemberStats:
        counts = await answered(figures.member_counts(self.tenant_id, self.period, active_days))
        return MemberStats(
            total=counts.total,
            active=counts.active,
            new=counts.new,
            by_tier=[
                TierMembers(tier_id=strawberry.ID(str(t.tier_id)), name=t.name, members=t.members)
                for t in counts.by_tier
            ],
        )

    @strawberry.field(description="Rewards ranked by orders or points; `first` 1-100.")
    async def top_rewards(
        self, by: RewardRanking = RewardRanking.REDEMPTIONS, first: int = 10
    ) -> list[RewardStat]:
        rewards = await answered(
            figures.top_rewards(self.tenant_id, self.period, by == RewardRanking.POINTS, first)
        )
        return [
            RewardStat(
                reward_id=strawberry.ID(str(r.reward_id)),
                name=r.name,
                redemptions=r.redemptions,
                points=Points(r.points),
            )
            for r in rewards
        ]

    @strawberry.field(description="Orders by local hour of day, 24 entries.")
    async def redemptions_by_hour(self) -> list[HourStat]:
        times = await self._times()
        return [
            HourStat(hour=hour, redemptions=n, points=Points(points))
            for hour, (n, points) in enumerate(times.by_hour)
        ]

    @strawberry.field(description="Orders by local ISO weekday, 7 entries.")
    async def redemptions_by_weekday(self) -> list[WeekdayStat]:
        times = await self._times()
        return [
            WeekdayStat(weekday=day, redemptions=n, points=Points(points))
            for day, (n, points) in enumerate(times.by_weekday, start=1)
        ]

    @strawberry.field(description="Campaign results, most points first.")
    async def campaigns(self) -> list[CampaignResult]:
        results = await answered(figures.campaign_results(self.tenant_id, self.period))
        return [
            CampaignResult(
                campaign_id=strawberry.ID(str(r.campaign_id)),
                name=r.name,
                purchases=r.purchases,
                points=Points(r.points),
                sales=[Money.of(amount, currency) for currency, amount in sorted(r.sales.items())],
            )
            for r in results
        ]
