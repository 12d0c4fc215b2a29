"""Closing settlement periods, approving batches, recording payments, reading statements.

A batch claims obligations (`batch_id IS NULL AND created_at < until`) under an advisory lock,
never by an id watermark: an exchange that commits after the close keeps its obligations
unclaimed, and the next batch takes them. Each merchant gets one net line; the platform's own
net is the opposite of their sum, and the spreads are the platform's revenue line.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.expressions import Q

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.ids import uuid7
from app.core.pagination import Page, PageRequest, fetch_page
from app.core.platform_tenant import PLATFORM_TENANT_ID
from app.settlement.errors import SettlementError, SettlementErrorCode
from app.settlement.models import (
    BatchStatus,
    LineStatus,
    Obligation,
    SettlementBatch,
    SettlementLine,
)
from app.settlement.netting import Owed, net_obligations
from app.webhooks.events import emit

# The lock that serializes closes: two operators closing at once make two batches, in turn.
CLOSE_LOCK = "hashtext('settlement_close')"
MAX_REFERENCE = 128


@dataclass(frozen=True)
class KindTotal:
    kind: str
    amount_minor: int
    count: int


@dataclass(frozen=True)
class Statement:
    """One merchant's line in one batch, with its obligations summed per kind."""

    batch: SettlementBatch
    line: SettlementLine
    kinds: list[KindTotal]


async def close_period(until: datetime, actor: str) -> SettlementBatch:
    """Settle every unclaimed obligation created before `until` in a new DRAFT batch."""
    if until > utcnow():
        raise SettlementError(
            SettlementErrorCode.INVALID_INPUT, "A period cannot end in the future.", "until"
        )
    async with tenant_scope(PLATFORM_TENANT_ID) as connection:
        await connection.execute_query(f"SELECT pg_advisory_xact_lock({CLOSE_LOCK})")
        # One statement claims and reads the rows, so what is summed is exactly what is claimed
        # (the batch row follows; its foreign key is checked at commit).
        batch_id = uuid7()
        rows = await connection.execute_query_dict(
            "UPDATE obligation SET batch_id = $1 WHERE batch_id IS NULL AND created_at < $2"
            " RETURNING kind, debtor_id, creditor_id, amount_minor, fiat_currency",
            [batch_id, until],
        )
        if not rows:
            raise SettlementError(
                SettlementErrorCode.NOTHING_TO_SETTLE,
                "No unsettled obligations before then.",
                "until",
            )
        netted = net_obligations(
            Owed(
                row["kind"],
                UUID(str(row["debtor_id"])) if row["debtor_id"] else None,
                UUID(str(row["creditor_id"])) if row["creditor_id"] else None,
                row["amount_minor"],
            )
            for row in rows
        )
        batch = await SettlementBatch.create(
            id=batch_id,
            tenant_id=PLATFORM_TENANT_ID,
            until=until,
            fiat_currency=rows[0]["fiat_currency"],
            obligations_total=netted.total,
            platform_net=netted.platform_net,
            spread_minor=netted.spread,
            created_by=actor,
        )
        await SettlementLine.bulk_create(
            [
                SettlementLine(
                    tenant_id=PLATFORM_TENANT_ID,
                    batch_id=batch.id,
                    merchant_id=merchant,
                    net_minor=netted.net(merchant),
                    receivable_minor=netted.receivable.get(merchant, 0),
                    payable_minor=netted.payable.get(merchant, 0),
                )
                for merchant in netted.merchants
            ]
        )
        return batch


async def approve_batch(batch_id: UUID, actor: str) -> SettlementBatch:
    """DRAFT -> APPROVED; from then on the batch and its lines' amounts never change."""
    async with tenant_scope(PLATFORM_TENANT_ID):
        batch = await _batch(batch_id, lock=True)
        if batch.status is not BatchStatus.DRAFT:
            raise SettlementError(
                SettlementErrorCode.INVALID_TRANSITION, "The batch is already approved.", "batchId"
            )
        batch.status = BatchStatus.APPROVED
        batch.approved_by = actor
        batch.approved_at = utcnow()
        await batch.save(update_fields=["status", "approved_by", "approved_at"])
        for line in await SettlementLine.filter(batch_id=batch.id):
            async with tenant_scope(line.merchant_id):
                data = {
                    "batch_id": str(batch.id),
                    "until": batch.until,
                    "net_minor": line.net_minor,
                    "currency": batch.fiat_currency,
                }
                await emit(line.merchant_id, "settlement.batch_approved", data)
        return batch


async def mark_line_paid(line_id: UUID, reference: str) -> SettlementLine:
    """Record the payment of one line of an approved batch, once."""
    reference = reference.strip()
    if not 1 <= len(reference) <= MAX_REFERENCE:
        raise SettlementError(
            SettlementErrorCode.INVALID_INPUT,
            f"The payment reference must be 1-{MAX_REFERENCE} characters.",
            "paymentReference",
        )
    async with tenant_scope(PLATFORM_TENANT_ID):
        line = await SettlementLine.select_for_update().get_or_none(id=line_id)
        if line is None:
            raise SettlementError(SettlementErrorCode.LINE_NOT_FOUND, "No such line.", "lineId")
        batch = await _batch(line.batch_id)
        if batch.status is not BatchStatus.APPROVED or line.status is LineStatus.PAID:
            raise SettlementError(
                SettlementErrorCode.INVALID_TRANSITION,
                "Only an unpaid line of an approved batch can be paid.",
                "lineId",
            )
        line.status = LineStatus.PAID
        line.payment_reference = reference
        line.paid_at = utcnow()
        await line.save(update_fields=["status", "payment_reference", "paid_at"])
        return line


async def _batch(batch_id: UUID, lock: bool = False) -> SettlementBatch:
    query = SettlementBatch.select_for_update() if lock else SettlementBatch
    batch = await query.get_or_none(id=batch_id)
    if batch is None:
        raise SettlementError(SettlementErrorCode.BATCH_NOT_FOUND, "No such batch.", "batchId")
    return batch


async def list_batches(page: PageRequest) -> Page[SettlementBatch]:
    async with tenant_scope(PLATFORM_TENANT_ID):
        return await fetch_page(SettlementBatch.all(), page)


async def get_batch(batch_id: UUID) -> SettlementBatch | None:
    async with tenant_scope(PLATFORM_TENANT_ID):
        return await SettlementBatch.get_or_none(id=batch_id)


async def batch_lines(batch_id: UUID) -> list[SettlementLine]:
    async with tenant_scope(PLATFORM_TENANT_ID):
        return await SettlementLine.filter(batch_id=batch_id).order_by("merchant_id")


async def statements(merchant_id: UUID, page: PageRequest) -> Page[Statement]:
    """A merchant's lines, oldest batch first, with what each is made of."""
    async with tenant_scope(PLATFORM_TENANT_ID) as connection:
        lines = await fetch_page(SettlementLine.filter(merchant_id=merchant_id), page)
        found = []
        for line in lines.items:
            rows = await connection.execute_query_dict(
                "SELECT kind, sum(amount_minor) AS amount, count(*) AS n FROM obligation"
                " WHERE batch_id = $1 AND (debtor_id = $2 OR creditor_id = $2)"
                " GROUP BY kind ORDER BY kind",
                [line.batch_id, merchant_id],
            )
            kinds = [KindTotal(r["kind"], int(r["amount"]), int(r["n"])) for r in rows]
            found.append(Statement(await _batch(line.batch_id), line, kinds))
        return lines.holding(found)


async def obligation_pages(
    batch_id: UUID, merchant_id: UUID | None = None, size: int = 1000
) -> AsyncIterator[list[Obligation]]:
    """A batch's obligations (or those naming `merchant_id`) in id order, a page per
    transaction, so an export of any size holds one page in memory."""
    after: UUID | None = None
    while True:
        async with tenant_scope(PLATFORM_TENANT_ID):
            query = Obligation.filter(batch_id=batch_id)
            if merchant_id is not None:
                query = query.filter(Q(debtor_id=merchant_id) | Q(creditor_id=merchant_id))
            if after is not None:
                query = query.filter(id__gt=after)
            page = await query.order_by("id").limit(size)
        if not page:
            return
        yield page
        after = page[-1].id


async def has_line(batch_id: UUID, merchant_id: UUID) -> bool:
    async with tenant_scope(PLATFORM_TENANT_ID):
        return await SettlementLine.exists(batch_id=batch_id, merchant_id=merchant_id)
