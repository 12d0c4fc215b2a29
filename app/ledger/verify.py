"""`pointsmall ledger verify`: the invariants of LEDGER.md as SQL over the ledger.

Runs as the database owner, across every tenant or over a few; each check returns the rows that
break it. Holds by construction are checked anyway: the point is to catch what a bug or a hand
edit did, not to trust the triggers. The tenant filter reaches every table a check reads
(including the balance sums), so checking one tenant costs what that tenant holds, not what the
database holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from app.core.citus import FAN_OUT

# Each query yields offending rows of the tenants in scope: IN_SCOPE(column) becomes
# `column = ANY($1)` for a list of tenants, or `true` for the whole database (see _scoped).
CHECKS: dict[str, str] = {
    "points earned per member and day equal the transfers they sum": """
        SELECT m.member_id FROM MEMBER_EARNED_MISMATCHES m""",
    "transfer accounts share its tenant and currency": """
        SELECT t.id FROM transfer t
        LEFT JOIN account d ON d.tenant_id = t.tenant_id AND d.id = t.debit_account_id
        LEFT JOIN account c ON c.tenant_id = t.tenant_id AND c.id = t.credit_account_id
        WHERE IN_SCOPE(t.tenant_id)
          AND (d.id IS NULL OR c.id IS NULL
               OR d.currency_id <> t.currency_id OR c.currency_id <> t.currency_id
               OR t.amount <= 0 OR d.id = c.id)""",
    "posted balances sum to zero per currency, pending debits equal pending credits": """
        SELECT currency_id FROM account WHERE IN_SCOPE(tenant_id)
        GROUP BY currency_id HAVING sum(posted) <> 0 OR sum(pending_dr) <> sum(pending_cr)""",
    "balances equal the sums of their transfers": """
        WITH moves AS (
          SELECT t.tenant_id, t.debit_account_id AS account_id,
                 CASE WHEN t.phase IN ('SINGLE','POST') THEN -t.amount ELSE 0 END AS posted,
                 CASE WHEN t.phase = 'PENDING' THEN t.amount
                      WHEN t.phase IN ('POST','VOID','EXPIRE') THEN -h.amount
                      ELSE 0 END AS pending_dr,
                 0::bigint AS pending_cr
            FROM transfer t
            LEFT JOIN transfer h ON h.tenant_id = t.tenant_id AND h.id = t.pending_id
           WHERE IN_SCOPE(t.tenant_id)
          UNION ALL
          SELECT t.tenant_id, t.credit_account_id,
                 CASE WHEN t.phase IN ('SINGLE','POST') THEN t.amount ELSE 0 END, 0,
                 CASE WHEN t.phase = 'PENDING' THEN t.amount
                      WHEN t.phase IN ('POST','VOID','EXPIRE') THEN -h.amount ELSE 0 END
            FROM transfer t
            LEFT JOIN transfer h ON h.tenant_id = t.tenant_id AND h.id = t.pending_id
           WHERE IN_SCOPE(t.tenant_id)),
        sums AS (SELECT tenant_id, account_id, sum(posted) AS posted,
                        sum(pending_dr) AS pending_dr, sum(pending_cr) AS pending_cr
                   FROM moves GROUP BY tenant_id, account_id)
        SELECT a.id FROM account a
          LEFT JOIN sums s ON s.tenant_id = a.tenant_id AND s.account_id = a.id
        WHERE IN_SCOPE(a.tenant_id)
          AND (a.posted <> coalesce(s.posted, 0) OR a.pending_dr <> coalesce(s.pending_dr, 0)
               OR a.pending_cr <> coalesce(s.pending_cr, 0))""",
    "no member wallet below zero, now or after any transfer": """
        SELECT a.id FROM account a WHERE a.kind = 'MEMBER_WALLET'
          AND IN_SCOPE(a.tenant_id)
          AND (a.posted - a.pending_dr < 0 OR EXISTS (
            SELECT 1 FROM transfer t WHERE t.tenant_id = a.tenant_id
               AND t.debit_account_id = a.id AND t.debit_balance_after < 0))""",
    "each unresolved hold is counted once and resolved holds at most once": """
        SELECT pending_id FROM transfer WHERE pending_id IS NOT NULL
          AND IN_SCOPE(tenant_id)
        GROUP BY tenant_id, pending_id HAVING count(*) > 1""",
    "lots add up to their wallet": """
        SELECT a.id FROM account a LEFT JOIN (
          SELECT tenant_id, wallet_id, sum(remaining) AS remaining, sum(reserved) AS reserved
            FROM lot WHERE IN_SCOPE(tenant_id) GROUP BY tenant_id, wallet_id) l
          ON l.tenant_id = a.tenant_id AND l.wallet_id = a.id
        WHERE a.kind = 'MEMBER_WALLET' AND IN_SCOPE(a.tenant_id)
          AND (a.posted <> coalesce(l.remaining, 0) OR a.pending_dr <> coalesce(l.reserved, 0))""",
    "lot amounts are ordered 0 <= reserved <= remaining <= amount": """
        SELECT id FROM lot WHERE IN_SCOPE(tenant_id)
          AND NOT (0 <= reserved AND reserved <= remaining AND remaining <= amount)""",
    "wallet debits draw exactly their amount from lots": """
        SELECT t.id FROM transfer t
        JOIN account a ON a.tenant_id = t.tenant_id AND a.id = t.debit_account_id
        LEFT JOIN (SELECT tenant_id, transfer_id, kind, sum(amount) AS amount
                     FROM lot_allocation WHERE IN_SCOPE(tenant_id)
                    GROUP BY tenant_id, transfer_id, kind) x
          ON x.tenant_id = t.tenant_id AND x.transfer_id = t.id
         AND x.kind = CASE WHEN t.phase = 'PENDING' THEN 'RESERVE' ELSE 'CONSUME' END
        WHERE a.kind = 'MEMBER_WALLET' AND t.phase IN ('SINGLE','PENDING','POST')
          AND IN_SCOPE(t.tenant_id) AND coalesce(x.amount, 0) <> t.amount""",
    "idempotency keys are settled and map to distinct journals": """
        SELECT r.id FROM idempotency_record r WHERE IN_SCOPE(r.tenant_id)
          AND (r.outcome = 'PENDING'
               OR (r.outcome = 'OK' AND r.response ? 'journal_id' AND NOT EXISTS (
                     SELECT 1 FROM journal j WHERE j.tenant_id = r.tenant_id
                        AND j.id = (r.response->>'journal_id')::uuid)))
        UNION ALL
        -- (grouped, not a self-join per record: that was quadratic, 36 s for 10,000 keys)
        SELECT min(r.id) FROM idempotency_record r
         WHERE IN_SCOPE(r.tenant_id) AND r.response ? 'journal_id'
         GROUP BY r.tenant_id, r.response->>'journal_id' HAVING count(*) > 1""",
    "analytics rollups equal the transfers, orders and purchases they sum": """
        SELECT m.metric || ' ' || m.dim || ' before ' || m.hour || ': count off by '
               || m.count_off || ', amount by ' || m.amount_off
          FROM ANALYTICS_MISMATCHES m""",
}

COUNTS = {
    "tenants": "SELECT count(*) FROM tenant WHERE IN_SCOPE(id)",
    "accounts": "SELECT count(*) FROM account WHERE IN_SCOPE(tenant_id)",
    "journals": "SELECT count(*) FROM journal WHERE IN_SCOPE(tenant_id)",
    "transfers": "SELECT count(*) FROM transfer WHERE IN_SCOPE(tenant_id)",
    "lots": "SELECT count(*) FROM lot WHERE IN_SCOPE(tenant_id)",
}


class UnknownTenantError(LookupError):
    """No tenant has the slug given to verify."""


@dataclass(frozen=True)
class Report:
    counts: dict[str, int]
    violations: dict[str, list[str]]
    title: str = "ledger verify"

    @property
    def ok(self) -> bool:
        return not any(self.violations.values())

    def summary(self) -> str:
        lines = [f"{self.title}: " + ", ".join(f"{n} {what}" for what, n in self.counts.items())]
        for check, rows in self.violations.items():
            status = "ok" if not rows else f"FAILED ({len(rows)}): {', '.join(rows[:5])}"
            lines.append(f"  {status:<8} {check}")
        lines.append("all invariants hold" if self.ok else "INVARIANTS VIOLATED")
        return "\n".join(lines)


async def tenant_of_slug(connection: asyncpg.Connection, slug: str) -> UUID:
    tenant_id: UUID | None = await connection.fetchval(
        "SELECT id FROM tenant WHERE slug = $1", slug
    )
    if tenant_id is None:
        raise UnknownTenantError(slug)
    return tenant_id


async def verify_ledger(
    connection: asyncpg.Connection, tenants: Sequence[UUID] | None = None
) -> Report:
    """Check every invariant over `tenants`, or the whole database; call as the owner."""
    await connection.execute(FAN_OUT)
    args = [] if tenants is None else [list(tenants)]
    counts = {
        what: await connection.fetchval(_scoped(sql, tenants), *args)
        for what, sql in COUNTS.items()
    }
    violations = {
        check: [str(row[0]) for row in await connection.fetch(_scoped(sql, tenants), *args)]
        for check, sql in CHECKS.items()
    }
    return Report(counts, violations)


def _scoped(sql: str, tenants: Sequence[UUID] | None) -> str:
    """The check's text for a list of tenants (routed by index) or the whole database."""
    if tenants is None:
        sql = sql.replace("ANALYTICS_MISMATCHES", "analytics_mismatches(NULL)")
        sql = sql.replace("MEMBER_EARNED_MISMATCHES", "member_earned_mismatches(NULL)")
        return re.sub(r"IN_SCOPE\([\w.]+\)", "true", sql)
    sql = sql.replace(
        "ANALYTICS_MISMATCHES", "unnest($1::uuid[]) AS s(id), LATERAL analytics_mismatches(s.id)"
    )
    sql = sql.replace(
        "MEMBER_EARNED_MISMATCHES",
        "unnest($1::uuid[]) AS s(id), LATERAL member_earned_mismatches(s.id)",
    )
    return re.sub(r"IN_SCOPE\(([\w.]+)\)", r"\1 = ANY($1::uuid[])", sql)
