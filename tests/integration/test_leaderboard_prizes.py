"""Leaderboard prizes: when the week closes the top of the board is paid from the ledger's
figures, once; a payer killed while paying pays no one, its rerun pays everyone once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from app.core.settings import Settings
from app.engagement.leaderboard_prizes import PrizePeriod, pay_closed_periods, set_prizes
from tests.api.graphql import gql
from tests.api.operations.analytics import owner_sql
from tests.api.operations.members import new_member
from tests.api.operations.points import award, deduct
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

POINTSMALL = str(Path(sys.executable).with_name("pointsmall"))
PAYOUTS = """{ leaderboardPayouts(period: WEEK) { periodKey rank memberId earned points } }"""
SET = """mutation($i: SetLeaderboardPrizesInput!) { setLeaderboardPrizes(input: $i) {
  prizes { period points } userErrors { field code } } }"""


async def test_the_weeks_top_three_are_paid_once_from_the_ledger(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given prizes 500 / 300 / 100 for the week, and four members who earned this week
    merchant = await sign_up(client)
    owner = merchant.access_token
    bad = await gql(client, SET, {"i": {"period": "WEEK", "points": [0]}}, owner)
    set_ = await gql(client, SET, {"i": {"period": "WEEK", "points": [500, 300, 100]}}, owner)
    ids = {name: await new_member(client, owner, name) for name in ("ann", "bob", "cy", "dee")}
    for name, points in (("ann", 40), ("bob", 90), ("cy", 90), ("dee", 10)):
        await award(client, owner, ids[name], points)
    await deduct(client, owner, ids["bob"], 50)  # spending does not lower what was earned
    tenant = UUID(merchant.tenant_id)

    # when the worker pays this week, as if a week had passed, twice; and pays now (nothing
    # has closed since the prizes were set)
    next_week = datetime.now(UTC) + timedelta(days=7)
    first = await pay_closed_periods(tenant, next_week)
    again = await pay_closed_periods(tenant, next_week)
    early = await pay_closed_periods(tenant, datetime.now(UTC))
    paid = (await gql(client, PAYOUTS, token=owner))["leaderboardPayouts"]

    # then bob and cy (tied at 90: by member id) and ann were paid once each; dee nothing
    assert bad["setLeaderboardPrizes"]["userErrors"] == [
        {"field": "points", "code": "INVALID_INPUT"}
    ]
    assert set_["setLeaderboardPrizes"]["prizes"] == {"period": "WEEK", "points": [500, 300, 100]}
    assert (first, again, early) == (3, 0, 0)
    tied = sorted([ids["bob"], ids["cy"]])
    assert [(p["rank"], p["memberId"], p["earned"], p["points"]) for p in paid] == [
        (1, tied[0], 90, 500), (2, tied[1], 90, 300), (3, ids["ann"], 40, 100),
    ]  # fmt: skip
    await assert_ledger_ok(settings)


async def _payer_in_transaction(settings: Settings) -> bool:
    """A transaction is writing prizes (it holds the payout table's row-exclusive lock)."""
    held = await owner_sql(
        settings,
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
        " WHERE c.relname = 'leaderboard_payout' AND l.mode = 'RowExclusiveLock'"
        " AND l.pid <> pg_backend_pid()",
    )
    return bool(held)


@pytest.mark.subprocess
async def test_a_payer_killed_while_paying_pays_no_one_and_its_rerun_pays_everyone_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given 100 prizes for the week and 100 members who earned 10 .. 1,000
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    await set_prizes(tenant, PrizePeriod.WEEK, [1_000 - n for n in range(100)])
    members = []
    for n in range(100):
        member = await new_member(client, merchant.access_token, f"m{n:03d}")
        await award(client, merchant.access_token, member, 10 * (n + 1))
        members.append(member)
    at = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    env = {**os.environ, "DATABASE_URL": settings.database_url or "", "LOG_LEVEL": "WARNING"}
    command = [POINTSMALL, "leaderboard", "pay-prizes", "--tenant", merchant.slug, "--at", at]

    # when the payer is killed while it pays, then run again, and once more
    payer = await asyncio.create_subprocess_exec(*command, env=env)
    caught = False
    for _ in range(1_000):
        caught = await _payer_in_transaction(settings)
        if caught:
            break
        await asyncio.sleep(0.01)
    payer.send_signal(signal.SIGKILL)
    await payer.wait()
    after_kill = await owner_sql(
        settings, "SELECT count(*) FROM leaderboard_payout WHERE tenant_id = $1", tenant
    )
    for _ in range(2):
        rerun = await asyncio.create_subprocess_exec(*command, env=env)
        assert await asyncio.wait_for(rerun.wait(), 120) == 0

    # then the killed run paid no one, and the reruns paid each rank once
    payouts = await owner_sql(
        settings,
        "SELECT count(DISTINCT member_id) FROM leaderboard_payout WHERE tenant_id = $1",
        tenant,
    )
    prizes = await owner_sql(
        settings,
        "SELECT coalesce(sum(amount), 0) FROM journal j JOIN transfer t ON t.journal_id = j.id"
        " WHERE j.tenant_id = $1 AND j.code = 'LEADERBOARD_PRIZE'",
        tenant,
    )
    assert caught  # killed in the middle of its transaction
    assert after_kill == 0
    assert payouts == 100
    assert prizes == sum(1_000 - n for n in range(100))
    top = await owner_sql(
        settings,
        "SELECT member_id FROM leaderboard_payout WHERE tenant_id = $1 AND rank = 1",
        tenant,
    )
    assert str(top) == members[-1]
    await assert_ledger_ok(settings)
