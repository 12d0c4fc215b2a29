"""A tenant's members, ledger history and orders as rows for CSV, page by page.

Each page is one short transaction in the tenant's scope, resuming after the last id of the
page before (keyset), so an export of any size holds no long transaction and little memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from app.core.db import tenant_scope

PAGE_ROWS = 1000


class ExportKind(StrEnum):
    MEMBERS = "members"
    LEDGER = "ledger"
    ORDERS = "orders"


@dataclass(frozen=True)
class Export:
    columns: tuple[str, ...]
    # $1 tenant, $2 the cursor to resume after, $3 page size; each row has `cursor`.
    query: str


_EFFECTIVE_TIER = (
    "coalesce((SELECT CASE WHEN mt.override_tier_id IS NOT NULL AND (mt.override_until IS NULL"
    " OR mt.override_until > now()) THEN mt.override_tier_id ELSE mt.tier_id END"
    " FROM member_tier mt WHERE mt.tenant_id = $1 AND mt.member_id = m.id),"
    " (SELECT id FROM tier WHERE tenant_id = $1 ORDER BY rank LIMIT 1))"
)

EXPORTS = {
    ExportKind.MEMBERS: Export(
        (
            "member_id", "external_id", "display_name", "email", "phone", "status", "tier",
            "posted", "pending_debits", "pending_credits", "available", "last_activity_at",
            "created_at",
        ),
        "SELECT m.id AS cursor, m.id AS member_id, m.external_id, m.display_name, m.email,"  # noqa: S608 - constants
        " m.phone, m.status, t.name AS tier, coalesce(a.posted, 0) AS posted,"
        " coalesce(a.pending_dr, 0) AS pending_debits, coalesce(a.pending_cr, 0)"
        " AS pending_credits, coalesce(a.posted - a.pending_dr, 0) AS available,"
        " a.last_activity_at, m.created_at FROM member m"
        " LEFT JOIN account a ON a.tenant_id = $1 AND a.kind = 'MEMBER_WALLET'"
        "  AND a.owner_id = m.id"
        f" LEFT JOIN tier t ON t.tenant_id = $1 AND t.id = {_EFFECTIVE_TIER}"
        " WHERE m.tenant_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3",
    ),
    ExportKind.LEDGER: Export(
        (
            "journal_id", "transfer_id", "created_at", "code", "reason", "actor", "phase",
            "amount", "category", "debit_account", "debit_member", "credit_account",
            "credit_member", "debit_balance_after", "credit_balance_after",
        ),
        "WITH page AS (SELECT id, created_at, code, reason, actor FROM journal"
        "  WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3)"
        " SELECT j.id AS cursor, j.id AS journal_id, t.id AS transfer_id, t.created_at, j.code,"
        " j.reason, j.actor, t.phase, t.amount,"
        " points_flow(d.kind, c.kind, coalesce(h.code, t.code)) AS category,"
        " d.kind AS debit_account, dm.external_id AS debit_member, c.kind AS credit_account,"
        " cm.external_id AS credit_member, t.debit_balance_after, t.credit_balance_after"
        " FROM page j JOIN transfer t ON t.tenant_id = $1 AND t.journal_id = j.id"
        " JOIN account d ON d.tenant_id = $1 AND d.id = t.debit_account_id"
        " JOIN account c ON c.tenant_id = $1 AND c.id = t.credit_account_id"
        " LEFT JOIN transfer h ON h.tenant_id = $1 AND h.id = t.pending_id"
        " LEFT JOIN member dm ON dm.tenant_id = $1 AND d.kind = 'MEMBER_WALLET'"
        "  AND dm.id = d.owner_id"
        " LEFT JOIN member cm ON cm.tenant_id = $1 AND c.kind = 'MEMBER_WALLET'"
        "  AND cm.id = c.owner_id"
        " ORDER BY j.id, t.id",
    ),
    ExportKind.ORDERS: Export(
        (
            "order_id", "created_at", "updated_at", "status", "member_external_id", "reward_id",
            "reward_name", "quantity", "points", "cash_minor", "matched_points",
            "payment_reference",
        ),
        "SELECT o.id AS cursor, o.id AS order_id, o.created_at, o.updated_at, o.status,"
        " m.external_id AS member_external_id, o.reward_id, r.name AS reward_name, o.quantity,"
        " o.points, o.cash AS cash_minor, o.matched_points, o.payment_reference"
        " FROM redemption_order o JOIN member m ON m.tenant_id = o.tenant_id AND m.id = o.member_id"
        " JOIN reward r ON r.tenant_id = o.tenant_id AND r.id = o.reward_id"
        " WHERE o.tenant_id = $1 AND o.id > $2 ORDER BY o.id LIMIT $3",
    ),
}  # fmt: skip


async def export_pages(
    tenant_id: UUID, kind: ExportKind, page_rows: int = PAGE_ROWS
) -> AsyncIterator[list[list[str]]]:
    """The export's rows as text, a page at a time, oldest first."""
    export, after = EXPORTS[kind], UUID(int=0)
    while True:
        async with tenant_scope(tenant_id) as connection:
            rows = await connection.execute_query_dict(export.query, [tenant_id, after, page_rows])
        if not rows:
            return
        yield [[_text(row[column]) for column in export.columns] for row in rows]
        after = rows[-1]["cursor"]


# A cell a spreadsheet would run as a formula (CSV injection, OWASP): shown as text instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return str(value)
