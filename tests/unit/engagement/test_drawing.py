"""Prize picking: reproducible from the seed, and 100,000 draws follow the weights."""

from __future__ import annotations

import random
from collections import Counter
from uuid import UUID

import pytest

from app.engagement.drawing import pick, roll_of

PRIZES = [(UUID(int=n), weight) for n, weight in enumerate([500, 300, 150, 45, 5], start=1)]
TOTAL = sum(weight for _, weight in PRIZES)
# Chi-square critical value, 4 degrees of freedom, p = 0.001.
CRITICAL = 18.467


def test_a_draw_is_the_same_from_the_same_seed() -> None:
    draw_id = UUID(int=42)
    roll = roll_of("00" * 16, draw_id, TOTAL)
    assert roll == roll_of("00" * 16, draw_id, TOTAL)
    assert 0 <= roll < TOTAL


def test_rolls_map_onto_cumulative_weights() -> None:
    assert [pick(PRIZES, roll) for roll in (0, 499, 500, 799, 800, 949, 950, 994, 995, 999)] == [
        PRIZES[0][0], PRIZES[0][0], PRIZES[1][0], PRIZES[1][0], PRIZES[2][0],
        PRIZES[2][0], PRIZES[3][0], PRIZES[3][0], PRIZES[4][0], PRIZES[4][0],
    ]  # fmt: skip
    with pytest.raises(ValueError, match="beyond"):
        pick(PRIZES, TOTAL)


def test_a_hundred_thousand_draws_follow_the_weights() -> None:
    source = random.Random(20261123)  # reproducible seeds: the test gives the same answer
    draws = 100_000
    counts = Counter(
        pick(PRIZES, roll_of(source.randbytes(16).hex(), UUID(int=n), TOTAL)) for n in range(draws)
    )
    chi_square = sum(
        (counts[prize] - draws * weight / TOTAL) ** 2 / (draws * weight / TOTAL)
        for prize, weight in PRIZES
    )
    assert chi_square < CRITICAL
