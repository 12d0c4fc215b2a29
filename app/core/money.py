"""Integer value types for fiat money; never a float.

`FIAT_MINOR_UNITS` maps the ISO 4217 codes a merchant may price in to their minor-unit
exponent (CNY 2: 1 yuan = 100 fen; JPY 0).
"""

from __future__ import annotations

from dataclasses import dataclass

FIAT_MINOR_UNITS: dict[str, int] = {
    "AED": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CNY": 2, "CZK": 2, "DKK": 2,
    "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2, "ILS": 2, "INR": 2, "JOD": 3, "JPY": 0,
    "KRW": 0, "KWD": 3, "MOP": 2, "MXN": 2, "MYR": 2, "NOK": 2, "NZD": 2, "OMR": 3, "PHP": 2,
    "PLN": 2, "RUB": 2, "SAR": 2, "SEK": 2, "SGD": 2, "THB": 2, "TRY": 2, "TWD": 2, "USD": 2,
    "VND": 0, "ZAR": 2,
}  # fmt: skip


def is_fiat_currency(code: str) -> bool:
    return code in FIAT_MINOR_UNITS


def minor_units_per_unit(code: str) -> int:
    """How many minor units make one unit: 100 for CNY, 1 for JPY."""
    return int(10 ** FIAT_MINOR_UNITS[code])


@dataclass(frozen=True)
class Money:
    """An amount of fiat in integer minor units (fen for CNY) with its ISO 4217 code."""

    amount: int
    currency: str
