"""The one schema: every domain's queries and mutations merged."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from app.core.settings import Settings
from schema.analytics.queries import AnalyticsQueries
from schema.bulk.mutations import BulkMutations
from schema.bulk.queries import BulkQueries
from schema.catalog.mutations import CatalogMutations
from schema.catalog.queries import CatalogQueries
from schema.checkout.mutations import CheckoutMutations
from schema.checkout.queries import CheckoutQueries
from schema.documentation import document
from schema.earning.mutations import EarningMutations
from schema.earning.queries import EarningQueries
from schema.engagement.achievements import AchievementMutations, AchievementQueries
from schema.engagement.leaderboard_prizes import (
    LeaderboardPrizeMutations,
    LeaderboardPrizeQueries,
)
from schema.engagement.mutations import EngagementMutations
from schema.engagement.queries import EngagementQueries
from schema.exchange.mutations import ExchangeMutations
from schema.exchange.queries import ExchangeQueries
from schema.extensions import schema_extensions
from schema.jobs.queries import JobQueries
from schema.leaderboards.queries import LeaderboardQueries
from schema.ledger.mutations import LedgerMutations
from schema.ledger.queries import LedgerQueries
from schema.members.mutations import MemberMutations
from schema.members.queries import MemberQueries
from schema.program.queries import ProgramQueries
from schema.programs.operations import ProgramTemplateMutations, ProgramTemplateQueries
from schema.redemption.mutations import RedemptionMutations
from schema.redemption.queries import RedemptionQueries
from schema.scalars import SCALARS
from schema.settlement.mutations import SettlementMutations
from schema.settlement.queries import SettlementQueries
from schema.tenancy.mutations import TenancyMutations
from schema.tenancy.queries import TenancyQueries
from schema.tiers.mutations import TierMutations
from schema.tiers.queries import TierQueries
from schema.webhooks.mutations import WebhookMutations
from schema.webhooks.queries import WebhookQueries

Query = merge_types(
    "Query",
    (
        TenancyQueries,
        MemberQueries,
        LedgerQueries,
        EarningQueries,
        ProgramQueries,
        ProgramTemplateQueries,
        TierQueries,
        CatalogQueries,
        CheckoutQueries,
        BulkQueries,
        RedemptionQueries,
        ExchangeQueries,
        SettlementQueries,
        JobQueries,
        WebhookQueries,
        EngagementQueries,
        AchievementQueries,
        LeaderboardPrizeQueries,
        LeaderboardQueries,
        AnalyticsQueries,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        TenancyMutations,
        MemberMutations,
        LedgerMutations,
        EarningMutations,
        TierMutations,
        ProgramTemplateMutations,
        CatalogMutations,
        CheckoutMutations,
        BulkMutations,
        RedemptionMutations,
        ExchangeMutations,
        SettlementMutations,
        WebhookMutations,
        EngagementMutations,
        AchievementMutations,
        LeaderboardPrizeMutations,
    ),
)


class PointsmallSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Internal errors are logged where they are masked; the rest are the caller's."""


def build_schema(settings: Settings) -> PointsmallSchema:
    extensions: Any = schema_extensions(settings)
    config = StrawberryConfig(scalar_map=SCALARS)
    schema = PointsmallSchema(query=Query, mutation=Mutation, extensions=extensions, config=config)
    document(schema._schema)
    return schema
