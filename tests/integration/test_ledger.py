"""The ledger below the API: holds, returns, expiry, and the rules PostgreSQL enforces.

Worked examples a bookkeeper can check by hand; every scenario ends with `ledger verify`.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg
import httpx
import pytest

from app.core.db import database_credentials, tenant_scope
from app.core.pagination import PageRequest
from app.core.settings import Settings
from app.ledger.commands import (
    Award,
    Clawback,
    Command,
    Deduct,
    Hold,
    PendingAward,
    PostHold,
    ReturnPoints,
    VoidHold,
)
from app.ledger.errors import LedgerError, LedgerErrorCode
from app.ledger.expiry import expire_due_points
from app.ledger.models import Account, Lot
from app.ledger.policy import ExpiryKind, ExpiryPolicy, PointsRules, RestoreRule
from app.ledger.reads import history_of, wallet_of
from app.ledger.requests import JournalRequest, JournalResult
from app.ledger.service import post_journal, update_points_rules
from tests.api.operations.members import new_member
from tests.api.operations.points import age_lots
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

ACTOR = "test:bookkeeper"
LATER = datetime(2100, 1, 1, tzinfo=UTC)
EARLIER = datetime(2099, 1, 1, tzinfo=UTC)


async def _shop(client: httpx.AsyncClient, *members: str) -> tuple[UUID, list[UUID]]:
    merchant = await sign_up(client)
    ids = [UUID(await new_member(client, merchant.access_token, name)) for name in members]
    return UUID(merchant.tenant_id), ids


async def _post(tenant: UUID, command: Command, key: str | None = None) -> JournalResult:
    return await post_journal(tenant, JournalRequest(command, ACTOR, key))


async def _refused(tenant: UUID, command: Command) -> LedgerErrorCode:
    with pytest.raises(LedgerError) as refusal:
        await _post(tenant, command)
    code = refusal.value.code
    assert isinstance(code, LedgerErrorCode)
    return code


async def _lots(tenant: UUID, member: UUID) -> list[tuple[int, int, datetime | None]]:
    """(remaining, reserved, expires_at) of each lot, oldest first."""
    async with tenant_scope(tenant):
        wallet = await Account.get(kind="MEMBER_WALLET", owner_id=member)
        lots = await Lot.filter(wallet_id=wallet.id).order_by("earned_at", "id")
    return [(lot.remaining, lot.reserved, lot.expires_at) for lot in lots]


async def test_a_hold_reserves_and_posts_part_of_it(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given 100 points, 60 of them held
    tenant, (ann,) = await _shop(client, "ann")
    await _post(tenant, Award(ann, 100, "welcome"))
    hold = await _post(tenant, Hold(ann, 60, "order 7", hold_seconds=600))
    assert hold.hold_id is not None
    wallet = await wallet_of(tenant, ann)
    assert (wallet.posted, wallet.pending_debit, wallet.available) == (100, 60, 40)
    assert (
        await _refused(tenant, Deduct(ann, 41, "too much")) is LedgerErrorCode.INSUFFICIENT_POINTS
    )

    # when the order is paid for 45 of the 60
    await _post(tenant, PostHold(hold.hold_id, 45))

    # then 55 remain, none reserved
    wallet = await wallet_of(tenant, ann)
    assert (wallet.posted, wallet.pending_debit, wallet.available) == (55, 0, 55)
    assert await _lots(tenant, ann) == [(55, 0, None)]
    assert await _refused(tenant, VoidHold(hold.hold_id)) is LedgerErrorCode.HOLD_NOT_FOUND
    await assert_ledger_ok(settings)


async def test_a_voided_hold_frees_its_points(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant, (ann,) = await _shop(client, "ann")
    await _post(tenant, Award(ann, 80, "welcome"))
    hold = await _post(tenant, Hold(ann, 80, "order"))
    assert hold.hold_id is not None

    await _post(tenant, VoidHold(hold.hold_id))

    wallet = await wallet_of(tenant, ann)
    assert (wallet.posted, wallet.pending_debit, wallet.available) == (80, 0, 80)
    await assert_ledger_ok(settings)


async def _until_expired(tenant: UUID, hold_id: UUID, deadline_seconds: float = 10) -> None:
    """Poll the database's clock (the one the ledger's trigger reads) past the hold's expiry."""
    sql = "SELECT expires_at <= now() AS expired FROM transfer WHERE id = $1"
    async with asyncio.timeout(deadline_seconds):
        while True:
            async with tenant_scope(tenant) as connection:
                if (await connection.execute_query_dict(sql, [hold_id]))[0]["expired"]:
                    return
            await asyncio.sleep(0.05)


async def test_a_timed_out_hold_cannot_post_and_is_voided_by_the_next_spend(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant, (ann,) = await _shop(client, "ann")
    await _post(tenant, Award(ann, 100, "welcome"))
    hold = await _post(tenant, Hold(ann, 70, "unpaid order", hold_seconds=1))
    assert hold.hold_id is not None
    await _until_expired(tenant, hold.hold_id)

    assert await _refused(tenant, PostHold(hold.hold_id)) is LedgerErrorCode.HOLD_EXPIRED
    spent = await _post(tenant, Deduct(ann, 100, "all of it"))

    assert spent.wallets[ann].posted == 0
    page = await history_of(tenant, ann, PageRequest(first=10))
    assert [entry.transfer.code for entry in page.items] == [
        "DEDUCT",
        "HOLD_EXPIRE",
        "HOLD",
        "AWARD",
    ]
    await assert_ledger_ok(settings)


async def test_a_hold_resolves_once_under_a_race(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant, (ann,) = await _shop(client, "ann")
    await _post(tenant, Award(ann, 100, "welcome"))
    hold = await _post(tenant, Hold(ann, 50, "order"))
    assert hold.hold_id is not None
    hold_id = hold.hold_id
    commands: list[Command] = [PostHold(hold_id) if i % 2 else VoidHold(hold_id) for i in range(10)]

    results = await asyncio.gather(*(_post(tenant, c) for c in commands), return_exceptions=True)

    assert sum(isinstance(r, JournalResult) for r in results) == 1
    codes = {r.code for r in results if isinstance(r, LedgerError)}
    assert codes <= {LedgerErrorCode.HOLD_NOT_FOUND, LedgerErrorCode.HOLD_RESOLVED}
    await assert_ledger_ok(settings)


async def test_returned_points_go_back_to_their_lots(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given lots of 30 (expiring 2099) and 50 (2100), and a spend of 60 (30 from each)
    tenant, (ann,) = await _shop(client, "ann")
    await _post(tenant, Award(ann, 30, "early", expires_at=EARLIER))
    await _post(tenant, Award(ann, 50, "late", expires_at=LATER))
    spend = await _post(tenant, Deduct(ann, 60, "order 9"))
    assert spend.transfer_id is not None

    # when 40 come back, then 20 more, then 1 too many
    await _post(tenant, ReturnPoints(spend.transfer_id, 40, "refund"))
    first = await _lots(tenant, ann)
    await _post(tenant, ReturnPoints(spend.transfer_id, 20, "refund"))
    code = await _refused(tenant, ReturnPoints(spend.transfer_id, 1, "too much"))

    # then the latest-expiring lot fills first, and no more than was spent returns
    assert first == [(10, 0, EARLIER), (50, 0, LATER)]
    assert await _lots(tenant, ann) == [(30, 0, EARLIER), (50, 0, LATER)]
    assert code is LedgerErrorCode.INVALID_AMOUNT
    await assert_ledger_ok(settings)


async def test_fresh_restore_rule_returns_points_as_a_new_lot(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant, (ann,) = await _shop(client, "ann")
    rules = PointsRules(ExpiryPolicy(ExpiryKind.ROLLING_DAYS, days=10), RestoreRule.FRESH)
    await update_points_rules(tenant, rules)
    await _post(tenant, Award(ann, 50, "old", expires_at=EARLIER))
    spend = await _post(tenant, Deduct(ann, 50, "order"))
    assert spend.transfer_id is not None

    await _post(tenant, ReturnPoints(spend.transfer_id, 50, "refund"))

    (old, fresh) = await _lots(tenant, ann)
    assert old == (0, 0, EARLIER)
    assert fresh[:2] == (50, 0)
    assert fresh[2] is not None
    assert timedelta(days=9) < fresh[2] - datetime.now(UTC) <= timedelta(days=10)
    assert (
        await _refused(tenant, ReturnPoints(spend.transfer_id, 1, "again"))
        is LedgerErrorCode.INVALID_AMOUNT
    )
    await assert_ledger_ok(settings)


async def test_expiry_run_moves_due_points_to_breakage_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given two members with points that expired yesterday, one also with live points
    tenant, (ann, bob) = await _shop(client, "ann", "bob")
    await _post(tenant, Award(ann, 30, "old", expires_at=LATER))
    await _post(tenant, Award(bob, 40, "old", expires_at=LATER))
    for member in (ann, bob):
        await age_lots(settings, str(member), minutes=24 * 60)  # a day has passed
    await _post(tenant, Award(ann, 20, "live", expires_at=LATER))

    # when the expiry run goes twice
    first = await expire_due_points(tenant, batch_size=1)
    second = await expire_due_points(tenant)

    # then each wallet was swept once and keeps only live points
    assert (first, second) == (2, 0)
    assert (await wallet_of(tenant, ann)).posted == 20
    assert (await wallet_of(tenant, bob)).posted == 0
    await assert_ledger_ok(settings)


async def test_inactivity_expires_the_whole_idle_balance(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant, (ann,) = await _shop(client, "ann")
    await _post(tenant, Award(ann, 30, "welcome"))
    await update_points_rules(tenant, PointsRules(ExpiryPolicy(ExpiryKind.INACTIVITY, days=1)))

    assert await expire_due_points(tenant) == 0
    await _age_transfers(settings, tenant, days=2)
    assert await expire_due_points(tenant) == 1

    assert (await wallet_of(tenant, ann)).posted == 0
    await assert_ledger_ok(settings)


async def _age_transfers(settings: Settings, tenant: UUID, days: int) -> None:
    """Move a tenant's transfers back in time, as the database owner (the app role cannot),
    and its analytics rollups with them."""
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        await owner.execute("ALTER TABLE transfer DISABLE TRIGGER transfer_append_only")
        await owner.execute(
            "UPDATE transfer SET created_at = created_at - make_interval(days => $2)"
            " WHERE tenant_id = $1",
            tenant,
            days,
        )
        await owner.execute("SELECT analytics_rollup_rebuild($1)", tenant)
    finally:
        await owner.execute("ALTER TABLE transfer ENABLE TRIGGER transfer_append_only")
        await owner.close()


async def test_pending_points_are_visible_but_not_spendable_until_posted(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given 30 points promised for an order still in its return window
    tenant, (ann,) = await _shop(client, "ann")
    pending = await _post(tenant, PendingAward(ann, 30, "order A-1", hold_seconds=3600))
    assert pending.hold_id is not None
    wallet = await wallet_of(tenant, ann)
    assert (wallet.posted, wallet.pending_credit, wallet.available) == (0, 30, 0)
    assert (
        await _refused(tenant, Deduct(ann, 1, "too early")) is LedgerErrorCode.INSUFFICIENT_POINTS
    )

    # when the window closes and 25 of them post (5 were refunded meanwhile)
    await _post(tenant, PostHold(pending.hold_id, 25))

    # then 25 are spendable, as one lot
    wallet = await wallet_of(tenant, ann)
    assert (wallet.posted, wallet.pending_credit, wallet.available) == (25, 0, 25)
    assert await _lots(tenant, ann) == [(25, 0, None)]
    await assert_ledger_ok(settings)


async def test_a_clawback_takes_what_is_there_and_books_the_rest_as_loss(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a member who earned 100 and spent 70
    tenant, (ann,) = await _shop(client, "ann")
    await _post(tenant, Award(ann, 100, "order B-2"))
    await _post(tenant, Deduct(ann, 70, "reward"))

    # when the order is refunded and its 100 points are clawed back
    result = await _post(tenant, Clawback(ann, 100, "refund of B-2"))

    # then the wallet is emptied, not overdrawn, and 70 are the merchant's loss
    assert result.shortfall == 70
    assert result.wallets[ann].posted == 0
    async with tenant_scope(tenant):
        loss = await Account.get(kind="CLAWBACK_LOSS", owner_id=tenant)
    assert loss.posted == -70
    await assert_ledger_ok(settings)
