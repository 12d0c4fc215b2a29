"""Writing the obligations of a movement across ledgers, in the movement's own transaction."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from app.core.platform_tenant import PLATFORM_TENANT_ID
from app.settlement.models import Obligation, ObligationKind


@dataclass(frozen=True)
class Crossing:
    """Points that left `source_merchant`'s ledger (None: PLAT) and arrived in
    `target_merchant`'s (None: PLAT), valued in the settlement fiat's minor units."""

    quote_id: UUID
    fiat_currency: str
    source_merchant: UUID | None
    target_merchant: UUID | None
    value_in_minor: int
    value_out_minor: int
    out_journal: UUID
    in_journal: UUID


async def owe(
    kind: ObligationKind,
    debtor: UUID | None,
    creditor: UUID | None,
    amount_minor: int,
    fiat_currency: str,
    journal_id: UUID,
    quote_id: UUID | None = None,
) -> Obligation:
    """Record one obligation (NULL party = the platform); call in the platform's scope."""
    return await Obligation.create(
        tenant_id=PLATFORM_TENANT_ID,
        kind=kind,
        debtor_id=debtor,
        creditor_id=creditor,
        amount_minor=amount_minor,
        fiat_currency=fiat_currency,
        quote_id=quote_id,
        journal_id=journal_id,
    )


async def record_obligations(crossing: Crossing) -> list[Obligation]:
    """The source merchant owes the platform the value of its points that left; the platform
    owes the target merchant the value of the points it issued; the difference is the platform's
    SPREAD line. Call in the platform's scope."""
    rows: list[tuple[ObligationKind, UUID | None, UUID | None, int]] = []
    if crossing.source_merchant is not None:
        rows.append(
            (ObligationKind.EXCHANGE_OUT, crossing.source_merchant, None, crossing.value_in_minor)
        )
    if crossing.target_merchant is not None:
        rows.append(
            (ObligationKind.EXCHANGE_IN, None, crossing.target_merchant, crossing.value_out_minor)
        )
    spread = crossing.value_in_minor - crossing.value_out_minor
    rows.append((ObligationKind.SPREAD, None, None, spread))
    journal_of = {
        ObligationKind.EXCHANGE_OUT: crossing.out_journal,
        ObligationKind.EXCHANGE_IN: crossing.in_journal,
        ObligationKind.SPREAD: crossing.out_journal,
    }
    return [
        await owe(
            kind,
            debtor,
            creditor,
            amount,
            crossing.fiat_currency,
            journal_of[kind],
            crossing.quote_id,
        )
        for kind, debtor, creditor, amount in rows
    ]
