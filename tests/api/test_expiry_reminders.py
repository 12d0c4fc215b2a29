"""Expiry reminders: one points.expiring event per member and stage, never twice per lot."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg
import httpx

from app.core.db import database_credentials
from app.core.settings import Settings
from app.ledger.reminders import remind_expiring
from tests.api.graphql import gql
from tests.api.operations.members import new_member
from tests.api.operations.points import award
from tests.api.operations.tenancy import sign_up

HOOK = """mutation { createWebhookEndpoint(input: {url: "https://93.184.216.34/x",
  eventTypes: ["points.expiring"]}) { userErrors { code } } }"""


async def _events(settings: Settings, tenant: str) -> list[dict[str, object]]:
    connection = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        rows = await connection.fetch(
            "SELECT payload FROM webhook_event WHERE tenant_id = $1 AND type = 'points.expiring'"
            " ORDER BY id",
            UUID(tenant),
        )
    finally:
        await connection.close()
    return [json.loads(row["payload"])["data"] for row in rows]


async def test_members_are_reminded_once_per_stage(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given lots expiring in 5, 20 and 60 days (stages 30 and 7), and one merchant endpoint
    merchant = await sign_up(client)
    owner = merchant.access_token
    await gql(client, HOOK, token=owner)
    ann = await new_member(client, owner, "ann")
    now = datetime.now(UTC)
    for days, points in ((5, 10), (20, 20), (60, 40)):
        await award(client, owner, ann, points, expiresAt=(now + timedelta(days=days)).isoformat())
    tenant = UUID(merchant.tenant_id)

    # when the reminder job runs twice today, then two weeks later
    first = await remind_expiring(tenant, now)
    again = await remind_expiring(tenant, now)
    later = await remind_expiring(tenant, now + timedelta(days=14))

    # then today: the 5-day lot at 7 days, the 20-day lot at 30; nothing twice; then the 20-day
    # lot at 7 days
    events = await _events(settings, merchant.tenant_id)
    assert (first, again, later) == (2, 0, 1)
    assert [(e["days"], e["amount"]) for e in events] == [(7, 10), (30, 20), (7, 20)]
    assert all(e["member_id"] == ann for e in events)
