"""Rules for a point currency's definition (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.money import is_fiat_currency, minor_units_per_unit
from app.ledger.errors import LedgerError, LedgerErrorCode

PLATFORM_CODE = "PLAT"
MAX_POINTS_PER_FIAT_UNIT = 1_000_000
MAX_CURRENCY_NAME = 100
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")


@dataclass(frozen=True)
class CurrencySpec:
    """A tenant's point currency: `points_per_fiat_unit` points are worth one unit of fiat."""

    code: str
    name: str
    fiat_currency: str
    points_per_fiat_unit: int

    @property
    def fiat_minor_units(self) -> int:
        """Minor units of fiat worth `points_per_fiat_unit` points (one whole fiat unit)."""
        return minor_units_per_unit(self.fiat_currency)


def validate_currency(spec: CurrencySpec, platform: bool = False) -> CurrencySpec:
    """The spec with code and fiat upper-cased and name trimmed, or a LedgerError. Only the
    platform's own currency (`platform`) is called PLAT."""
    spec = CurrencySpec(
        code=spec.code.strip().upper(),
        name=spec.name.strip(),
        fiat_currency=spec.fiat_currency.strip().upper(),
        points_per_fiat_unit=spec.points_per_fiat_unit,
    )
    if not _CODE.match(spec.code) or (spec.code == PLATFORM_CODE) is not platform:
        raise LedgerError(
            LedgerErrorCode.INVALID_CURRENCY,
            "Code must be 2-16 letters or digits, starting with a letter, and not PLAT.",
            "code",
        )
    if not 1 <= len(spec.name) <= MAX_CURRENCY_NAME:
        raise LedgerError(
            LedgerErrorCode.INVALID_CURRENCY,
            f"Name must be 1-{MAX_CURRENCY_NAME} characters.",
            "name",
        )
    if not is_fiat_currency(spec.fiat_currency):
        raise LedgerError(
            LedgerErrorCode.INVALID_CURRENCY, "Not a supported ISO 4217 currency.", "fiatCurrency"
        )
    if not 1 <= spec.points_per_fiat_unit <= MAX_POINTS_PER_FIAT_UNIT:
        raise LedgerError(
            LedgerErrorCode.INVALID_RATIO,
            f"Points per fiat unit must be 1-{MAX_POINTS_PER_FIAT_UNIT}.",
            "pointsPerFiatUnit",
        )
    return spec
