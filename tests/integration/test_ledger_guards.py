"""What PostgreSQL itself refuses, whatever the Python code does, and `ledger verify`."""

from __future__ import annotations

import asyncio
import os
import sys
from uuid import UUID, uuid4

import asyncpg
import httpx
import pytest
from tortoise.exceptions import BaseORMException

from app.core.db import database_credentials, tenant_scope
from app.core.settings import Settings
from app.ledger.commands import Award
from app.ledger.models import Account
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.ledger.verify import verify_ledger
from tests.api.operations.members import new_member
from tests.api.operations.tenancy import Merchant, sign_up
from tests.ledger_check import assert_ledger_ok


async def _funded_member(client: httpx.AsyncClient) -> tuple[Merchant, UUID]:
    merchant = await sign_up(client)
    member = UUID(await new_member(client, merchant.access_token, "ann"))
    await post_journal(UUID(merchant.tenant_id), JournalRequest(Award(member, 10, "seed"), "test"))
    return merchant, member


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE account SET posted = posted + 1000 WHERE owner_id = $1",
        "UPDATE transfer SET amount = amount + 1 WHERE credit_account_id IN"
        " (SELECT id FROM account WHERE owner_id = $1)",
        "DELETE FROM transfer WHERE credit_account_id IN (SELECT id FROM account WHERE owner_id = $1)",
        "DELETE FROM journal WHERE $1::uuid IS NOT NULL",
        "INSERT INTO account (id, tenant_id, currency_id, kind, owner_id, slot, posted, pending_dr,"
        " pending_cr, version, no_overdraft, created_at) SELECT gen_random_uuid(), tenant_id,"
        " currency_id, 'MEMBER_WALLET', gen_random_uuid(), 0, 500, 0, 0, 0, true, now()"
        " FROM account WHERE owner_id = $1",
        "INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,"
        " credit_account_id, amount, phase, code, created_at) SELECT gen_random_uuid(), w.tenant_id,"
        " t.journal_id, w.currency_id, w.id, t.debit_account_id, 11, 'SINGLE', 'X', now()"
        " FROM account w JOIN transfer t ON t.credit_account_id = w.id WHERE w.owner_id = $1",
        "INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,"
        " credit_account_id, amount, phase, code, created_at) SELECT gen_random_uuid(), w.tenant_id,"
        " t.journal_id, w.currency_id, t.debit_account_id, w.id, 0, 'SINGLE', 'X', now()"
        " FROM account w JOIN transfer t ON t.credit_account_id = w.id WHERE w.owner_id = $1",
    ],
    ids=[
        "balance edit",
        "transfer edit",
        "transfer delete",
        "journal delete",
        "account opened full",
        "overdraft",
        "zero amount",
    ],
)
async def test_the_application_role_cannot_bend_the_ledger(
    client: httpx.AsyncClient, settings: Settings, statement: str
) -> None:
    merchant, member = await _funded_member(client)

    with pytest.raises(BaseORMException):
        async with tenant_scope(UUID(merchant.tenant_id)) as connection:
            await connection.execute_query(statement, [member])

    await assert_ledger_ok(settings)


async def test_lots_that_disagree_with_the_wallet_fail_at_commit(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a member's wallet, credited through a transfer with no lot to match
    merchant, member = await _funded_member(client)
    tenant = UUID(merchant.tenant_id)
    async with tenant_scope(tenant):
        wallet = (await Account.get(owner_id=member)).id

    # then the transaction fails at COMMIT, when the deferred trigger compares lots and balance
    with pytest.raises(asyncpg.IntegrityConstraintViolationError, match="lots"):
        await _credit_without_lot(tenant, wallet)
    await assert_ledger_ok(settings)


async def _credit_without_lot(tenant: UUID, wallet: UUID) -> None:
    async with tenant_scope(tenant) as connection:
        await connection.execute_query(
            "INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,"
            " credit_account_id, amount, phase, code, created_at) SELECT $1, tenant_id,"
            " journal_id, currency_id, debit_account_id, credit_account_id, 5, 'SINGLE', 'X',"
            " now() FROM transfer WHERE credit_account_id = $2",
            [uuid4(), wallet],
        )


async def _verify_cli(settings: Settings, slug: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from app.cli import main; main()",
        "ledger",
        "verify",
        "--tenant",
        slug,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    return await process.wait(), out.decode()


@pytest.mark.subprocess
async def test_ledger_verify_command_finds_a_corrupted_lot(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant, member = await _funded_member(client)
    code, out = await _verify_cli(settings, merchant.slug)
    assert (code, out.strip().splitlines()[-1]) == (0, "all invariants hold")

    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    lot = "SELECT l.id FROM lot l JOIN account a ON a.id = l.wallet_id WHERE a.owner_id = $1"
    try:
        await owner.execute(f"UPDATE lot SET remaining = remaining - 1 WHERE id = ({lot})", member)
        code, out = await _verify_cli(settings, merchant.slug)
        await owner.execute(f"UPDATE lot SET remaining = remaining + 1 WHERE id = ({lot})", member)
    finally:
        await owner.close()

    assert code == 1
    assert "FAILED (1)" in out
    assert "lots add up to their wallet" in out
    assert out.strip().splitlines()[-1] == "INVARIANTS VIOLATED"
    await assert_ledger_ok(settings)


async def test_ledger_verify_finds_two_keys_claiming_one_journal(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    merchant, member = await _funded_member(client)
    tenant = UUID(merchant.tenant_id)
    await post_journal(tenant, JournalRequest(Award(member, 5, "keyed"), "test", "k-1"))
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        twin = await owner.fetchval(
            "INSERT INTO idempotency_record (tenant_id, scope, key, request_hash, outcome,"
            " response, created_at) SELECT tenant_id, scope, key || '-twin', request_hash,"
            " outcome, response, now() FROM idempotency_record WHERE tenant_id = $1"
            " AND response ? 'journal_id' LIMIT 1 RETURNING id",
            tenant,
        )
        report = await verify_ledger(owner, [tenant])
        await owner.execute("DELETE FROM idempotency_record WHERE id = $1", twin)
    finally:
        await owner.close()

    assert len(report.violations["idempotency keys are settled and map to distinct journals"]) == 1
    await assert_ledger_ok(settings)
