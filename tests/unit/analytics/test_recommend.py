"""Which rewards a member sees first."""

from __future__ import annotations

from uuid import UUID

from app.analytics.recommend import Candidate, recommend


def _id(n: int) -> UUID:
    return UUID(int=n)


def test_rewards_out_of_reach_are_left_out() -> None:
    # given 800 points: 1,000 is within 80%; 1,001 is not
    candidates = [Candidate(_id(1), 1_000, 0), Candidate(_id(2), 1_001, 0)]
    assert [r.reward_id for r in recommend(candidates, 800, 10)] == [_id(1)]


def test_what_the_tier_redeems_most_ranks_first_even_if_not_yet_affordable() -> None:
    candidates = [Candidate(_id(1), 100, 2), Candidate(_id(2), 900, 40)]
    ranked = recommend(candidates, 800, 10)
    assert [(r.reward_id, r.affordable, r.points_short) for r in ranked] == [
        (_id(2), False, 100),
        (_id(1), True, 0),
    ]


def test_ties_go_affordable_first_dearest_first_then_closest() -> None:
    candidates = [
        Candidate(_id(1), 300, 5),
        Candidate(_id(2), 700, 5),
        Candidate(_id(3), 950, 5),
        Candidate(_id(4), 850, 5),
    ]
    ranked = recommend(candidates, 800, 3)
    assert [r.reward_id for r in ranked] == [_id(2), _id(1), _id(4)]
