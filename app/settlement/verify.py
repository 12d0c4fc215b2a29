"""`pointsmall settlement verify`: the settlement invariants as SQL, run as the database owner.

Each check yields offending rows (ids); an empty result means the invariant holds.
"""

from __future__ import annotations

import asyncpg

from app.ledger.verify import Report

CHECKS: dict[str, str] = {
    "each batch's total equals the sum of its obligations": """
        SELECT b.id FROM settlement_batch b LEFT JOIN (
          SELECT batch_id, sum(amount_minor) FILTER (WHERE kind <> 'SPREAD') AS total,
                 coalesce(sum(amount_minor) FILTER (WHERE kind = 'SPREAD'), 0) AS spread
            FROM obligation GROUP BY batch_id) o ON o.batch_id = b.id
        WHERE b.obligations_total <> coalesce(o.total, 0)
           OR b.spread_minor <> coalesce(o.spread, 0)""",
    "each line equals its merchant's obligations in the batch": """
        SELECT l.id FROM settlement_line l
        WHERE l.receivable_minor <> coalesce((SELECT sum(amount_minor) FROM obligation o
                WHERE o.batch_id = l.batch_id AND o.creditor_id = l.merchant_id), 0)
           OR l.payable_minor <> coalesce((SELECT sum(amount_minor) FROM obligation o
                WHERE o.batch_id = l.batch_id AND o.debtor_id = l.merchant_id), 0)
           OR l.net_minor <> l.receivable_minor - l.payable_minor""",
    "every merchant with obligations in a batch has its line": """
        SELECT DISTINCT o.batch_id FROM obligation o
        CROSS JOIN LATERAL (VALUES (o.debtor_id), (o.creditor_id)) AS m(merchant_id)
        WHERE o.batch_id IS NOT NULL AND m.merchant_id IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM settlement_line l
           WHERE l.batch_id = o.batch_id AND l.merchant_id = m.merchant_id)""",
    "the nets of a batch, the platform's included, sum to zero": """
        SELECT b.id FROM settlement_batch b
        WHERE b.platform_net + coalesce((SELECT sum(net_minor) FROM settlement_line l
                                          WHERE l.batch_id = b.id), 0) <> 0""",
    "a batch holds only obligations from before its cutoff": """
        SELECT o.id FROM obligation o JOIN settlement_batch b ON b.id = o.batch_id
        WHERE o.created_at >= b.until""",
    "every executed exchange has exactly its obligations, at the quote's values": """
        SELECT q.id FROM exchange_quote q WHERE q.status = 'EXECUTED' AND (
          (SELECT count(*) FROM obligation o WHERE o.quote_id = q.id)
            <> 1 + (q.from_code <> 'PLAT')::int + (q.to_code <> 'PLAT')::int
          OR (SELECT count(*) FROM obligation o WHERE o.quote_id = q.id AND o.kind = 'SPREAD'
             AND o.amount_minor = q.value_in_minor - q.value_out_minor) <> 1
          OR (q.from_code <> 'PLAT' AND (SELECT count(*) FROM obligation o
                WHERE o.quote_id = q.id AND o.kind = 'EXCHANGE_OUT'
                  AND o.amount_minor = q.value_in_minor) <> 1)
          OR (q.to_code <> 'PLAT' AND (SELECT count(*) FROM obligation o
                WHERE o.quote_id = q.id AND o.kind = 'EXCHANGE_IN'
                  AND o.amount_minor = q.value_out_minor) <> 1))""",
    "every obligation names the journal it came from": """
        SELECT o.id FROM obligation o
        WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.id = o.journal_id
                            AND (j.metadata->>'quote_id' = o.quote_id::text
                                 OR (o.kind = 'PLAT_PURCHASE' AND j.code = 'TREASURY_FUND')
                                 OR (o.kind = 'REWARD_PLAT' AND j.code = 'REDEMPTION')
                                 OR (o.kind = 'REWARD_PLAT_RETURN' AND j.code = 'RETURN')))""",
    "every reward paid in PLAT has its obligation": """
        SELECT r.id FROM redemption_order r WHERE r.plat_paid
          AND (SELECT count(*) FROM obligation o JOIN transfer t ON t.journal_id = o.journal_id
                WHERE t.id = r.transfer_id AND o.kind = 'REWARD_PLAT'
                  AND o.creditor_id = r.tenant_id AND o.amount_minor = r.plat_value_minor) <> 1""",
    "each merchant gives back the value of its cancelled and refunded PLAT orders": """
        SELECT coalesce(m.tenant_id, o.debtor_id) FROM (
          SELECT tenant_id, sum(plat_value_minor) AS owed FROM redemption_order
           WHERE plat_paid AND status IN ('CANCELLED', 'REFUNDED') GROUP BY tenant_id) m
        FULL JOIN (
          SELECT debtor_id, sum(amount_minor) AS given FROM obligation
           WHERE kind = 'REWARD_PLAT_RETURN' GROUP BY debtor_id) o ON o.debtor_id = m.tenant_id
        WHERE coalesce(m.owed, 0) <> coalesce(o.given, 0)""",
    "every PLAT purchase has its obligation, at the value it was bought at": """
        SELECT j.id FROM journal j
        WHERE j.code = 'TREASURY_FUND' AND (SELECT count(*) FROM obligation o
          WHERE o.journal_id = j.id AND o.kind = 'PLAT_PURCHASE' AND o.debtor_id IS NOT NULL
            AND o.amount_minor = (j.metadata->>'value_minor')::bigint) <> 1""",
    "every exchange journal belongs to an executed quote": """
        SELECT j.id FROM journal j WHERE j.code IN ('EXCHANGE_OUT', 'EXCHANGE_IN')
          AND NOT EXISTS (SELECT 1 FROM exchange_quote q
                           WHERE q.id::text = j.metadata->>'quote_id' AND q.status = 'EXECUTED')""",
}

COUNTS = {
    "batches": "SELECT count(*) FROM settlement_batch",
    "obligations": "SELECT count(*) FROM obligation",
    "unsettled": "SELECT count(*) FROM obligation WHERE batch_id IS NULL",
    "exchanges": "SELECT count(*) FROM exchange_quote WHERE status = 'EXECUTED'",
}


async def verify_settlement(connection: asyncpg.Connection) -> Report:
    """Check every settlement invariant; call with an owner connection."""
    counts = {what: await connection.fetchval(sql) for what, sql in COUNTS.items()}
    violations = {
        check: [str(row[0]) for row in await connection.fetch(sql)] for check, sql in CHECKS.items()
    }
    return Report(counts, violations, title="settlement verify")
