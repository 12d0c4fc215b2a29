"""The description catalog (see schema/documentation.py): one module per group of domains,
each mapping `Type`, `Type.field`, `Type.field(argument)` or `Enum.VALUE` to its sentence."""

from __future__ import annotations

from collections.abc import Mapping

from schema.descriptions import (
    analytics,
    bulk,
    catalog,
    checkout,
    earning,
    exchange,
    ledger,
    program,
    programs,
    tenancy,
)


def _merged() -> dict[str, str]:
    merged: dict[str, str] = {}
    for module in (
        tenancy,
        ledger,
        earning,
        program,
        programs,
        catalog,
        checkout,
        bulk,
        exchange,
        analytics,
    ):
        twice = merged.keys() & module.DESCRIPTIONS.keys()
        if twice:
            raise ValueError(f"described twice: {sorted(twice)}")
        merged.update(module.DESCRIPTIONS)
    return merged


CATALOG: Mapping[str, str] = _merged()
