"""Exchange arithmetic, exact (fractions, never floats).

A currency's rate is PLAT per point; every exchange goes through PLAT: the source side's spread
comes off on the way in, the target side's on the way out, and the points out round down to a
whole point. Fiat values are points x rate x PLAT's fiat value, exact, floored to the minor unit
only where an obligation is written; whatever the flooring drops is the platform's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from math import floor

BPS = 10_000
MAX_RATE = 1_000_000
MAX_RATE_DECIMALS = 12
MAX_SPREAD_BPS = 5_000


class RateFormatError(ValueError):
    """Not a positive decimal number within the bounds a rate may take."""


def parse_rate(text: str) -> Fraction:
    """'0.0125' -> Fraction(1, 80): a positive decimal with at most 12 decimal places."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation as exc:
        raise RateFormatError(text) from exc
    exponent = value.as_tuple().exponent
    if (
        not value.is_finite()
        or not 0 < value <= MAX_RATE
        or not isinstance(exponent, int)
        or exponent < -MAX_RATE_DECIMALS
    ):
        raise RateFormatError(text)
    return Fraction(value)


def decimal_text(value: Fraction, places: int = MAX_RATE_DECIMALS) -> str:
    """A fraction as a decimal string, truncated to `places` (for display only)."""
    scaled = floor(value * 10**places)
    whole, part = divmod(scaled, 10**places)
    return f"{whole}.{part:0{places}d}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Side:
    """One end of an exchange: a listed currency at its locked rate, or PLAT itself."""

    code: str
    plat_per_point: Fraction
    spread_bps: int = 0


@dataclass(frozen=True)
class Priced:
    amount_in: int
    amount_out: int
    exact_out: Fraction
    value_in: Fraction
    value_out: Fraction

    @property
    def value_in_minor(self) -> int:
        return floor(self.value_in)

    @property
    def value_out_minor(self) -> int:
        return floor(self.value_out)

    @property
    def fee_minor(self) -> int:
        """The platform's margin: spreads plus what rounding dropped, in minor units."""
        return self.value_in_minor - self.value_out_minor

    @property
    def rate(self) -> Fraction:
        """Points out per point in, after spreads, before rounding."""
        return self.exact_out / self.amount_in


def price(amount_in: int, source: Side, target: Side, plat_minor_value: Fraction) -> Priced:
    """Price `amount_in` points of `source` in `target` points; `plat_minor_value` is one PLAT
    in the settlement fiat's minor units."""
    plat = amount_in * source.plat_per_point * Fraction(BPS - source.spread_bps, BPS)
    exact_out = plat / target.plat_per_point * Fraction(BPS - target.spread_bps, BPS)
    amount_out = floor(exact_out)
    return Priced(
        amount_in=amount_in,
        amount_out=amount_out,
        exact_out=exact_out,
        value_in=amount_in * source.plat_per_point * plat_minor_value,
        value_out=amount_out * target.plat_per_point * plat_minor_value,
    )
