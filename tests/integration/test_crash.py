"""A process killed with SIGKILL in the middle of a batch of awards leaves whole journals only,
and retrying the same idempotency keys completes each exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from uuid import UUID

import httpx
import pytest

from app.core.db import tenant_scope
from app.core.models import IdempotencyRecord
from app.core.settings import Settings
from app.ledger.reads import wallet_of
from app.ledger.service import post_journals
from tests.api.operations.members import new_member
from tests.api.operations.tenancy import sign_up
from tests.integration.award_batches import batch
from tests.ledger_check import assert_ledger_ok

BATCHES, SIZE = 24, 25


@pytest.mark.subprocess
async def test_sigkill_mid_batch_then_retry_applies_each_key_once(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given a worker awarding 1 point per key, in batches of 25 keys per transaction
    merchant = await sign_up(client)
    member = UUID(await new_member(client, merchant.access_token, "ann"))
    tenant = UUID(merchant.tenant_id)
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.integration.award_batches", settings.database_url or "",
        str(tenant), str(member), str(BATCHES), str(SIZE),
        stdout=asyncio.subprocess.PIPE, env={**os.environ},
    )  # fmt: skip
    assert worker.stdout is not None

    # when it is killed after a few batches committed, most likely inside the next one
    for _ in range(3):
        await worker.stdout.readline()
    worker.send_signal(signal.SIGKILL)
    await worker.wait()

    # then every committed key has its whole journal and nothing else landed
    await assert_ledger_ok(settings)
    async with tenant_scope(tenant):
        applied = await IdempotencyRecord.filter(tenant_id=tenant, outcome="OK").count()
    assert 3 * SIZE <= applied < BATCHES * SIZE
    assert (await wallet_of(tenant, member)).posted == applied

    # and retrying every key finishes the job exactly once
    for number in range(BATCHES):
        await post_journals(tenant, batch(member, number, SIZE))
    assert (await wallet_of(tenant, member)).posted == BATCHES * SIZE
    await assert_ledger_ok(settings)
