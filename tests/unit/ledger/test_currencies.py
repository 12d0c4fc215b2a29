from __future__ import annotations

import pytest

from app.ledger.currencies import CurrencySpec, validate_currency
from app.ledger.errors import LedgerError, LedgerErrorCode


def test_a_valid_spec_is_normalised_and_valued_in_minor_units() -> None:
    spec = validate_currency(CurrencySpec(" star ", " Stars ", "cny", 100))
    assert spec == CurrencySpec("STAR", "Stars", "CNY", 100)
    assert spec.fiat_minor_units == 100
    assert validate_currency(CurrencySpec("YEN1", "Yen points", "JPY", 1)).fiat_minor_units == 1


@pytest.mark.parametrize(
    ("spec", "code", "field"),
    [
        (CurrencySpec("PLAT", "x", "CNY", 1), LedgerErrorCode.INVALID_CURRENCY, "code"),
        (CurrencySpec("1AB", "x", "CNY", 1), LedgerErrorCode.INVALID_CURRENCY, "code"),
        (CurrencySpec("AB", "", "CNY", 1), LedgerErrorCode.INVALID_CURRENCY, "name"),
        (CurrencySpec("AB", "x", "ABC", 1), LedgerErrorCode.INVALID_CURRENCY, "fiatCurrency"),
        (CurrencySpec("AB", "x", "CNY", 0), LedgerErrorCode.INVALID_RATIO, "pointsPerFiatUnit"),
        (
            CurrencySpec("AB", "x", "CNY", 1_000_001),
            LedgerErrorCode.INVALID_RATIO,
            "pointsPerFiatUnit",
        ),
    ],
)
def test_invalid_specs_name_the_field(
    spec: CurrencySpec, code: LedgerErrorCode, field: str
) -> None:
    with pytest.raises(LedgerError) as refused:
        validate_currency(spec)
    assert (refused.value.code, refused.value.field) == (code, field)
