"""GraphQL types of tiers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from app.tiers import models, service
from app.tiers.errors import TierErrorCode
from app.tiers.models import Basis, Window
from app.tiers.service import TierStatus
from schema.errors import UserError
from schema.scalars import Points

TierErrorCodeEnum = strawberry.enum(
    TierErrorCode, name="TierErrorCode", description="Why a tier mutation was refused."
)
BasisEnum = strawberry.enum(
    Basis, name="TierBasis", description="Qualify by POINTS_EARNED (not balance) or FIAT_SPENT."
)
WindowEnum = strawberry.enum(
    Window, name="TierWindow", description="ROLLING_MONTHS (the last N months) or CALENDAR_YEAR."
)


@strawberry.type(description="A refused tier mutation: which field, why, and a message.")
class TierUserError(UserError):
    code: Annotated[TierErrorCode, TierErrorCodeEnum]


@strawberry.type(description="A member level and its benefits.")
class Tier:
    id: strawberry.ID
    name: str
    rank: int = strawberry.field(description="0 is the entry tier; higher ranks are better.")
    threshold: Points = strawberry.field(
        description="Points earned (or minor units spent) in the window to qualify."
    )
    earn_multiplier: str = strawberry.field(description='Purchase points x this, e.g. "1.5".')
    birthday_multiplier: str
    perks: list[str]

    @classmethod
    def from_model(cls, tier: models.Tier) -> Tier:
        return cls(
            id=strawberry.ID(str(tier.id)),
            name=tier.name,
            rank=tier.rank,
            threshold=Points(tier.threshold),
            earn_multiplier=tier.earn_multiplier,
            birthday_multiplier=tier.birthday_multiplier,
            perks=list(tier.perks),
        )


@strawberry.type(description="How members qualify for tiers.")
class TierPolicy:
    basis: Annotated[Basis, BasisEnum]
    window: Annotated[Window, WindowEnum]
    months: int
    grace_days: int = strawberry.field(
        description="How long below a threshold before review moves a member down."
    )

    @classmethod
    def from_model(cls, policy: models.TierPolicy) -> TierPolicy:
        return cls(
            basis=policy.basis,
            window=policy.window,
            months=policy.months,
            grace_days=policy.grace_days,
        )


@strawberry.type(description="A member's tier and what the next one needs.")
class MemberTierStatus:
    tier: Tier
    progress: Points = strawberry.field(
        description="Points earned, or minor units spent, in the window."
    )
    next_tier: Tier | None
    needed: Points = strawberry.field(description="Still needed for the next tier (0 at the top).")
    window_start: datetime = strawberry.field(description="Progress counts from here.")
    basis: Annotated[Basis, BasisEnum]
    override_until: datetime | None = strawberry.field(
        description="Set while staff override the tier."
    )

    @classmethod
    def from_status(cls, status: TierStatus) -> MemberTierStatus:
        return cls(
            tier=Tier.from_model(status.tier),
            progress=Points(status.progress),
            next_tier=Tier.from_model(status.next_tier) if status.next_tier else None,
            needed=Points(status.needed),
            window_start=status.window_start,
            basis=status.basis,
            override_until=status.override_until,
        )


@strawberry.type(description="A change of a member's tier and why.")
class TierChange:
    from_tier_id: strawberry.ID | None
    to_tier_id: strawberry.ID
    reason: str
    created_at: datetime

    @classmethod
    def from_model(cls, change: models.TierChange) -> TierChange:
        return cls(
            from_tier_id=strawberry.ID(str(change.from_tier_id)) if change.from_tier_id else None,
            to_tier_id=strawberry.ID(str(change.to_tier_id)),
            reason=change.reason,
            created_at=change.created_at,
        )


@strawberry.input
class TierInput:
    name: str
    rank: int
    threshold: Points
    earn_multiplier: str = "1"
    birthday_multiplier: str = "1"
    perks: list[str] = strawberry.field(default_factory=list)

    def to_spec(self) -> service.TierSpec:
        return service.TierSpec(
            self.name,
            self.rank,
            self.threshold,
            self.earn_multiplier,
            self.birthday_multiplier,
            self.perks,
        )


@strawberry.type
class TierPayload:
    tier: Tier | None = None
    user_errors: list[TierUserError] = strawberry.field(default_factory=list)
