"""Leaderboard types: standings and entries, with masked names."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from app.ledger.leaderboard import Period
from schema.scalars import Points

PeriodEnum = strawberry.enum(Period, name="LeaderboardPeriod")


MAX_ENTRIES = 100


def mask(name: str) -> str:
    """张三丰 -> 张*丰, Anna -> A**a, Li -> L*: enough to recognise oneself, not others."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * min(len(name) - 2, 3) + name[-1]


@strawberry.type(description="A member's place on a leaderboard.")
class LeaderboardStanding:
    rank: int
    points: Points


@strawberry.type
class LeaderboardEntry:
    rank: int
    name: str = strawberry.field(description="The member's display name, masked.")
    points: Points = strawberry.field(description="Points earned in the period.")
    is_me: bool = strawberry.field(description="This entry is the calling member.")


class LeaderboardUnavailableError(GraphQLError):
    """Redis, which holds the boards, did not answer: a field error with its own code (the
    rest of the query still answers), never a masked internal error."""

    def __init__(self) -> None:
        super().__init__(
            "The leaderboard is unavailable for a moment; try again shortly.",
            extensions={"code": "LEADERBOARD_UNAVAILABLE"},
        )
