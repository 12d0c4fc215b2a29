"""Exchange arithmetic: exact, rounded down once, never in the member's favour."""

from __future__ import annotations

from fractions import Fraction
from math import floor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exchange.pricing import RateFormatError, Side, decimal_text, parse_rate, price

ONE_FEN = Fraction(1)
rates = st.fractions(min_value=Fraction(1, 10_000), max_value=100, max_denominator=10_000)
spreads = st.integers(min_value=0, max_value=5_000)
amounts = st.integers(min_value=1, max_value=10**12)


def test_parse_rate_is_exact_and_bounded() -> None:
    assert parse_rate("0.0125") == Fraction(1, 80)
    assert parse_rate(" 3 ") == 3
    for bad in ("", "abc", "0", "-1", "NaN", "Infinity", "1e7", "0.0000000000001"):
        with pytest.raises(RateFormatError):
            parse_rate(bad)


def test_decimal_text_truncates_for_display() -> None:
    assert decimal_text(Fraction(19701, 10000)) == "1.9701"
    assert decimal_text(Fraction(1, 3), 4) == "0.3333"
    assert decimal_text(Fraction(2)) == "2"


def test_the_worked_example() -> None:
    priced = price(1000, Side("ACME", Fraction(1), 100), Side("BETA", Fraction(1, 2), 50), ONE_FEN)
    assert (priced.amount_out, priced.value_in_minor, priced.value_out_minor) == (1970, 1000, 985)
    assert priced.fee_minor == 15


@given(amounts, rates, spreads, rates, spreads)
def test_out_is_the_floor_and_the_platform_never_loses(
    amount: int, rate_a: Fraction, spread_a: int, rate_b: Fraction, spread_b: int
) -> None:
    priced = price(amount, Side("A", rate_a, spread_a), Side("B", rate_b, spread_b), ONE_FEN)
    exact = amount * rate_a * (10_000 - spread_a) / 10_000 / rate_b * (10_000 - spread_b) / 10_000
    assert priced.amount_out == floor(exact)
    assert priced.value_out <= priced.value_in
    assert priced.fee_minor >= 0


@given(amounts, rates, spreads, rates, spreads)
def test_a_round_trip_returns_no_more_value_than_it_took(
    amount: int, rate_a: Fraction, spread_a: int, rate_b: Fraction, spread_b: int
) -> None:
    a, b = Side("A", rate_a, spread_a), Side("B", rate_b, spread_b)
    there = price(amount, a, b, ONE_FEN)
    back = price(there.amount_out, b, a, ONE_FEN) if there.amount_out else None
    assert (back.amount_out if back else 0) <= amount
