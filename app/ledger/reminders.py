"""Expiry reminders: members told, at each stage (say 30 and 7 days ahead), what is about to
expire and when.

A lot is reminded at the nearest stage it has reached: one 5 days from expiry gets the 7-day
reminder, not the 30-day one too. `expiry_reminder` holds one row per (lot, stage), claimed
with ON CONFLICT DO NOTHING, so no lot is reminded twice at a stage however often (or however
concurrently) the job runs; each run sends one points.expiring event per member and stage.
Lots are claimed in batches, so a million of them never sit in memory at once. The job runs
hourly and sends only in the merchant's daytime (09:00-21:00 in its time zone): what came due
overnight goes out at 09:00 local.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.ledger.service import get_points_rules
from app.webhooks.events import emit
from tenants.clock import zone_of

BATCH = 5000

_CLAIM = (
    "WITH due AS (SELECT l.tenant_id, l.id FROM lot l WHERE l.tenant_id = $4"
    "  AND l.remaining > l.reserved AND l.expires_at > $2 AND l.expires_at <= $3"
    "  AND NOT EXISTS (SELECT 1 FROM expiry_reminder r WHERE r.tenant_id = l.tenant_id"
    "   AND r.lot_id = l.id AND r.stage_days = $1)"
    "  ORDER BY l.id LIMIT $5),"
    " claimed AS (INSERT INTO expiry_reminder (id, tenant_id, lot_id, stage_days, created_at)"
    "  SELECT uuid7(), tenant_id, id, $1, now() FROM due ON CONFLICT DO NOTHING"
    "  RETURNING tenant_id, lot_id)"
    " SELECT a.owner_id AS member_id, sum(l.remaining - l.reserved) AS points,"
    "  min(l.expires_at) AS expires_at"
    " FROM claimed c JOIN lot l ON l.tenant_id = c.tenant_id AND l.id = c.lot_id"
    " JOIN account a ON a.tenant_id = l.tenant_id AND a.id = l.wallet_id"
    " WHERE l.tenant_id = $4 GROUP BY a.owner_id"
)


REMINDER_HOURS = range(9, 21)


def reminding_hour(at: datetime, zone: ZoneInfo) -> bool:
    return at.astimezone(zone).hour in REMINDER_HOURS


async def remind_in_daytime(tenant_id: UUID) -> int:
    """The hourly job: the due reminders, when it is daytime for the merchant."""
    now = utcnow()
    if not reminding_hour(now, await zone_of(tenant_id)):
        return 0
    return await remind_expiring(tenant_id, now)


async def remind_expiring(tenant_id: UUID, now: datetime | None = None) -> int:
    """Send the due reminders of every stage; returns how many events went out."""
    at = now or utcnow()
    stages = sorted((await get_points_rules(tenant_id)).reminder_days)
    sent = 0
    nearer = 0
    for stage in stages:
        window = (at + timedelta(days=nearer), at + timedelta(days=stage))
        sent += await _remind_stage(tenant_id, stage, window)
        nearer = stage
    return sent


async def _remind_stage(tenant_id: UUID, stage: int, window: tuple[datetime, datetime]) -> int:
    sent = 0
    while True:
        async with tenant_scope(tenant_id) as connection:
            rows = await connection.execute_query_dict(
                _CLAIM, [stage, window[0], window[1], tenant_id, BATCH]
            )
            for row in rows:
                data = {
                    "member_id": str(row["member_id"]),
                    "amount": int(row["points"]),
                    "expires_at": row["expires_at"],
                    "days": stage,
                }
                await emit(tenant_id, "points.expiring", data)
        if not rows:
            return sent
        sent += len(rows)
