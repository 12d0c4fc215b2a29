"""Analytics queries: a merchant's figures, members to win back, rewards to suggest, and the
operator's platform view."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry

from app.analytics import recall, reward_suggestions
from app.analytics.buckets import Granularity
from app.analytics.errors import AnalyticsError
from app.analytics.platform_figures import MerchantLiability as MerchantFigures
from app.analytics.platform_figures import merchant_liabilities, platform_report
from app.analytics.recall import AtRiskMember, AtRiskQuery
from app.catalog.eligibility import Ineligible
from schema.analytics.types import (
    DateRangeInput,
    GranularityEnum,
    Liability,
    MerchantAnalytics,
    answered,
)
from schema.catalog.types import Reward
from schema.context import Info
from schema.errors import refused
from schema.money import Money
from schema.pagination import Connection, entry_connection, page_request
from schema.permissions import OPERATOR, Access, member_named, query, tenant_of
from schema.scalars import Points
from tenants.roles import ApiScope, StaffRole


@strawberry.type(description="A member with points and no recent activity.")
class AtRiskMemberNode:
    member_id: strawberry.ID
    external_id: str
    display_name: str
    available: Points
    last_activity_at: datetime | None = strawberry.field(
        description="When they last earned or spent points; null if never."
    )
    expiring_points: Points = strawberry.field(
        description="Points expiring within `expiringWithinDays`."
    )
    next_expiry: datetime | None

    @classmethod
    def of(cls, member: AtRiskMember) -> AtRiskMemberNode:
        return cls(
            member_id=strawberry.ID(str(member.member_id)),
            external_id=member.external_id,
            display_name=member.display_name,
            available=Points(member.available),
            last_activity_at=member.last_activity_at,
            expiring_points=Points(member.expiring),
            next_expiry=member.next_expiry,
        )


@strawberry.type(description="A page of members at risk, with the totals over all of them.")
class AtRiskMembers:
    page: Connection[AtRiskMemberNode]
    tenant_id: strawberry.Private[UUID]
    query: strawberry.Private[AtRiskQuery]

    @strawberry.field(description="How many members are at risk, and the points they hold.")
    async def total_count(self) -> int:
        return (await answered(recall.at_risk_summary(self.tenant_id, self.query)))[0]

    @strawberry.field(description="The points all members at risk hold.")
    async def total_points(self) -> Points:
        return Points((await answered(recall.at_risk_summary(self.tenant_id, self.query)))[1])


@strawberry.type(description="A reward worth showing this member, and why.")
class RewardRecommendation:
    reward: Reward
    price_points: Points = strawberry.field(description="The member's price (their tier's).")
    affordable: bool = strawberry.field(description="They can redeem it now.")
    points_short: Points = strawberry.field(description="Points they still need (0 if none).")
    tier_redemptions: int = strawberry.field(
        description="Orders of it by members of their tier in the last 90 days."
    )


@strawberry.type(description="One merchant's outstanding points.")
class MerchantLiability:
    tenant_id: strawberry.ID
    slug: str
    name: str
    currency: str
    liability: Liability

    @classmethod
    def of(cls, merchant: MerchantFigures) -> MerchantLiability:
        return cls(
            tenant_id=strawberry.ID(str(merchant.tenant_id)),
            slug=merchant.slug,
            name=merchant.name,
            currency=merchant.books.code,
            liability=Liability.of(merchant.held, merchant.books),
        )


@strawberry.type(description="Exchanges between two currencies executed in the range.")
class ExchangePairVolume:
    from_currency: str
    to_currency: str
    exchanges: int
    points_in: Points
    points_out: Points
    value: Money = strawberry.field(description="What the points exchanged were worth.")
    fee: Money = strawberry.field(description="The platform's spread on them.")


@strawberry.type(description="Settlement batches closed in the range, per fiat currency.")
class SettlementSummary:
    batches: int
    approved: int
    obligations: Money
    platform_net: Money
    spread: Money


@strawberry.type(description="The platform over a range of UTC days.")
class PlatformAnalytics:
    exchange_volumes: list[ExchangePairVolume]
    spread_revenue: list[Money] = strawberry.field(
        description="The platform's margin on exchanges (SPREAD obligations), per currency."
    )
    settlement: list[SettlementSummary]


@strawberry.type
class AnalyticsQueries:
    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.POINTS_READ),
        "Points issued, redeemed, expired, adjusted and exchanged out, liability, rates, members, "
        "rewards and campaigns over `range` (local days in the merchant's time zone). Every figure "
        "is exactly what the ledger holds (rollups kept in the same transaction; `ledger verify` "
        "checks them).",
    )
    async def analytics(
        self,
        info: Info,
        range: DateRangeInput,
        granularity: Annotated[Granularity, GranularityEnum] = Granularity.DAY,
    ) -> MerchantAnalytics:
        tenant_id = tenant_of(info)
        try:
            period = range.as_range().checked()
        except AnalyticsError as error:
            raise refused(error) from error
        return MerchantAnalytics(tenant_id=tenant_id, period=period, granularity=granularity)

    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ),
        "Members holding at least `minBalance` available points who have neither earned nor spent "
        "for `inactiveDays` (1-3660), for recall campaigns (流失用户召回), in a stable order; "
        "with the points each has expiring within `expiringWithinDays`. `first` at most 100.",
    )
    async def at_risk_members(
        self,
        info: Info,
        inactive_days: int,
        min_balance: Points = Points(1),  # noqa: B008 - an immutable int
        expiring_within_days: int = 30,
        first: int = 20,
        after: str | None = None,
    ) -> AtRiskMembers:
        tenant_id = tenant_of(info)
        query = AtRiskQuery(inactive_days, min_balance, expiring_within_days)
        page = await answered(recall.at_risk_members(tenant_id, query, page_request(first, after)))
        nodes = entry_connection(page, AtRiskMemberNode.of, lambda member: member.wallet_id)
        return AtRiskMembers(page=nodes, tenant_id=tenant_id, query=query)

    @query(
        Access(staff=StaffRole.VIEWER, key=ApiScope.MEMBERS_READ, member=True),
        "Rewards a member can afford or nearly afford (80% of the price), ranked by what members of"
        " their tier redeemed in the last 90 days; rewards they cannot redeem (tier, stock, window,"
        " limits) are left out. A member token asks for itself; staff and API keys name `memberId`."
        " `first` 1-50.",
    )
    async def recommended_rewards(
        self, info: Info, member_id: strawberry.ID | None = None, first: int = 10
    ) -> list[RewardRecommendation]:
        tenant_id, member = member_named(info, member_id)
        found = await answered(reward_suggestions.recommended_rewards(tenant_id, member, first))
        return [
            RewardRecommendation(
                reward=Reward.from_model(
                    item.reward,
                    None if item.recommendation.affordable else Ineligible.INSUFFICIENT_POINTS,
                    member=True,
                    member_price=item.recommendation.price,
                ),
                price_points=Points(item.recommendation.price),
                affordable=item.recommendation.affordable,
                points_short=Points(item.recommendation.points_short),
                tier_redemptions=item.recommendation.tier_redemptions,
            )
            for item in found
        ]

    @query(
        OPERATOR,
        "Each merchant's outstanding points and their value, oldest merchant first. `first` at most"
        " 100.",
    )
    async def merchant_liabilities(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[MerchantLiability]:
        page = await merchant_liabilities(page_request(first, after, last, before))
        return entry_connection(page, MerchantLiability.of, lambda merchant: merchant.tenant_id)

    @query(
        OPERATOR,
        "Exchange volumes per currency pair, the platform's spread revenue and settlement batches "
        "over `range` (UTC days).",
    )
    async def platform_analytics(self, info: Info, range: DateRangeInput) -> PlatformAnalytics:
        report = await answered(platform_report(range.as_range()))
        return PlatformAnalytics(
            exchange_volumes=[
                ExchangePairVolume(
                    from_currency=p.from_code,
                    to_currency=p.to_code,
                    exchanges=p.exchanges,
                    points_in=Points(p.points_in),
                    points_out=Points(p.points_out),
                    value=Money.of(p.value_minor, p.fiat_currency),
                    fee=Money.of(p.fee_minor, p.fiat_currency),
                )
                for p in report.pairs
            ],
            spread_revenue=[Money.of(v, c) for c, v in sorted(report.spread_revenue.items())],
            settlement=[
                SettlementSummary(
                    batches=s.batches,
                    approved=s.approved,
                    obligations=Money.of(s.obligations_minor, s.fiat_currency),
                    platform_net=Money.of(s.platform_net_minor, s.fiat_currency),
                    spread=Money.of(s.spread_minor, s.fiat_currency),
                )
                for s in report.settlement
            ],
        )
