"""`pointsmall settlement verify`: the settlement invariants as SQL, run as the database owner.

Each check yields offending rows (ids); an empty result means the invariant holds.
"""

from __future__ import annotations

import asyncpg

from app.core.citus import FAN_OUT
from app.ledger.verify import Report

# The batches, lines, obligations and quotes are the platform's rows (one tenant), joined
# through their tenant; the checks that reach merchants' rows (journals, orders, transfers)
# first gather each side on its own (MATERIALIZED), which a database sharded by merchant can
# answer (Citus: intermediate results) as well as one PostgreSQL.
CHECKS: dict[str, str] = {
    "each batch's total equals the sum of its obligations": """
        SELECT b.id FROM settlement_batch b LEFT JOIN (
          SELECT tenant_id, batch_id,
                 sum(amount_minor) FILTER (WHERE kind <> 'SPREAD') AS total,
                 coalesce(sum(amount_minor) FILTER (WHERE kind = 'SPREAD'), 0) AS spread
            FROM obligation GROUP BY tenant_id, batch_id) o
          ON o.tenant_id = b.tenant_id AND o.batch_id = b.id
        WHERE b.obligations_total <> coalesce(o.total, 0)
           OR b.spread_minor <> coalesce(o.spread, 0)""",
    "each line equals its merchant's obligations in the batch": """
        SELECT l.id FROM settlement_line l
        LEFT JOIN (SELECT tenant_id, batch_id, creditor_id, sum(amount_minor) AS n
                     FROM obligation GROUP BY tenant_id, batch_id, creditor_id) r
          ON r.tenant_id = l.tenant_id AND r.batch_id = l.batch_id
         AND r.creditor_id = l.merchant_id
        LEFT JOIN (SELECT tenant_id, batch_id, debtor_id, sum(amount_minor) AS n
                     FROM obligation GROUP BY tenant_id, batch_id, debtor_id) p
          ON p.tenant_id = l.tenant_id AND p.batch_id = l.batch_id
         AND p.debtor_id = l.merchant_id
        WHERE l.receivable_minor <> coalesce(r.n, 0) OR l.payable_minor <> coalesce(p.n, 0)
           OR l.net_minor <> l.receivable_minor - l.payable_minor""",
    "every merchant with obligations in a batch has its line": """
        SELECT DISTINCT o.batch_id FROM obligation o
        CROSS JOIN LATERAL (VALUES (o.debtor_id), (o.creditor_id)) AS m(merchant_id)
        LEFT JOIN settlement_line l ON l.tenant_id = o.tenant_id AND l.batch_id = o.batch_id
         AND l.merchant_id = m.merchant_id
        WHERE o.batch_id IS NOT NULL AND m.merchant_id IS NOT NULL AND l.id IS NULL""",
    "the nets of a batch, the platform's included, sum to zero": """
        SELECT b.id FROM settlement_batch b
        LEFT JOIN (SELECT tenant_id, batch_id, sum(net_minor) AS n FROM settlement_line
                    GROUP BY tenant_id, batch_id) l
          ON l.tenant_id = b.tenant_id AND l.batch_id = b.id
        WHERE b.platform_net + coalesce(l.n, 0) <> 0""",
    "a batch holds only obligations from before its cutoff": """
        SELECT o.id FROM obligation o
        JOIN settlement_batch b ON b.tenant_id = o.tenant_id AND b.id = o.batch_id
        WHERE o.created_at >= b.until""",
    "every executed exchange has exactly its obligations, at the quote's values": """
        SELECT q.id FROM exchange_quote q
        LEFT JOIN obligation o ON o.tenant_id = q.tenant_id AND o.quote_id = q.id
        WHERE q.status = 'EXECUTED'
        GROUP BY q.tenant_id, q.id, q.from_code, q.to_code, q.value_in_minor, q.value_out_minor
        HAVING count(o.id) <> 1 + (q.from_code <> 'PLAT')::int + (q.to_code <> 'PLAT')::int
            OR count(o.id) FILTER (WHERE o.kind = 'SPREAD'
                 AND o.amount_minor = q.value_in_minor - q.value_out_minor) <> 1
            OR (q.from_code <> 'PLAT' AND count(o.id) FILTER (WHERE o.kind = 'EXCHANGE_OUT'
                 AND o.amount_minor = q.value_in_minor) <> 1)
            OR (q.to_code <> 'PLAT' AND count(o.id) FILTER (WHERE o.kind = 'EXCHANGE_IN'
                 AND o.amount_minor = q.value_out_minor) <> 1)""",
    "every obligation names the journal it came from": """
        WITH o AS MATERIALIZED (SELECT id, kind, quote_id, journal_id FROM obligation),
        j AS MATERIALIZED (SELECT id, code, metadata->>'quote_id' AS quote_id FROM journal
                            WHERE id IN (SELECT journal_id FROM o))
        SELECT o.id FROM o LEFT JOIN j ON j.id = o.journal_id
         AND (j.quote_id = o.quote_id::text
              OR (o.kind = 'PLAT_PURCHASE' AND j.code = 'TREASURY_FUND')
              OR (o.kind = 'REWARD_PLAT' AND j.code = 'REDEMPTION')
              OR (o.kind = 'REWARD_PLAT_RETURN' AND j.code = 'RETURN'))
        WHERE j.id IS NULL""",
    "every reward paid in PLAT has its obligation": """
        WITH r AS MATERIALIZED (
          SELECT r.id, r.tenant_id, r.plat_value_minor, t.journal_id FROM redemption_order r
            JOIN transfer t ON t.tenant_id = r.tenant_id AND t.id = r.transfer_id
           WHERE r.plat_paid),
        o AS MATERIALIZED (SELECT creditor_id, amount_minor, journal_id FROM obligation
                            WHERE kind = 'REWARD_PLAT')
        SELECT r.id FROM r LEFT JOIN o ON o.journal_id = r.journal_id
         AND o.creditor_id = r.tenant_id AND o.amount_minor = r.plat_value_minor
        GROUP BY r.id HAVING count(o.journal_id) <> 1""",
    "each merchant gives back the value of its cancelled and refunded PLAT orders": """
        WITH m AS MATERIALIZED (
          SELECT tenant_id, sum(plat_value_minor) AS owed FROM redemption_order
           WHERE plat_paid AND status IN ('CANCELLED', 'REFUNDED') GROUP BY tenant_id),
        o AS MATERIALIZED (
          SELECT debtor_id, sum(amount_minor) AS given FROM obligation
           WHERE kind = 'REWARD_PLAT_RETURN' GROUP BY debtor_id)
        SELECT coalesce(m.tenant_id, o.debtor_id) FROM m
        FULL JOIN o ON o.debtor_id = m.tenant_id
        WHERE coalesce(m.owed, 0) <> coalesce(o.given, 0)""",
    "every PLAT purchase has its obligation, at the value it was bought at": """
        WITH j AS MATERIALIZED (SELECT id, (metadata->>'value_minor')::bigint AS value_minor
                                  FROM journal WHERE code = 'TREASURY_FUND'),
        o AS MATERIALIZED (SELECT journal_id, amount_minor FROM obligation
                            WHERE kind = 'PLAT_PURCHASE' AND debtor_id IS NOT NULL)
        SELECT j.id FROM j LEFT JOIN o ON o.journal_id = j.id AND o.amount_minor = j.value_minor
        GROUP BY j.id HAVING count(o.journal_id) <> 1""",
    "every exchange journal belongs to an executed quote": """
        WITH j AS MATERIALIZED (SELECT id, metadata->>'quote_id' AS quote_id FROM journal
                                 WHERE code IN ('EXCHANGE_OUT', 'EXCHANGE_IN')),
        q AS MATERIALIZED (SELECT id::text AS id FROM exchange_quote WHERE status = 'EXECUTED')
        SELECT j.id FROM j LEFT JOIN q ON q.id = j.quote_id WHERE q.id IS NULL""",
}

COUNTS = {
    "batches": "SELECT count(*) FROM settlement_batch",
    "obligations": "SELECT count(*) FROM obligation",
    "unsettled": "SELECT count(*) FROM obligation WHERE batch_id IS NULL",
    "exchanges": "SELECT count(*) FROM exchange_quote WHERE status = 'EXECUTED'",
}


async def verify_settlement(connection: asyncpg.Connection) -> Report:
    """Check every settlement invariant; call with an owner connection."""
    await connection.execute(FAN_OUT)
    counts = {what: await connection.fetchval(sql) for what, sql in COUNTS.items()}
    violations = {
        check: [str(row[0]) for row in await connection.fetch(sql)] for check, sql in CHECKS.items()
    }
    return Report(counts, violations, title="settlement verify")
