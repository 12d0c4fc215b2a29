"""Group commit: concurrent journals share a transaction and each gets its own outcome, the one
posting it alone would give. Every scenario ends with `ledger verify`."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import httpx

from app.core.db import tenant_scope
from app.core.metrics import REGISTRY
from app.core.settings import Settings
from app.ledger.commands import Award, Command, Deduct
from app.ledger.errors import LedgerError
from app.ledger.models import Journal
from app.ledger.reads import wallet_of
from app.ledger.requests import JournalRequest, JournalResult
from app.ledger.service import post_journal, post_journals
from tests.api.graphql import gql
from tests.api.operations.members import BLOCK, new_member
from tests.api.operations.points import age_lots
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

ACTOR = "test:group-commit"
MAX = 2**53 - 1

Outcome = JournalResult | LedgerError


async def _shop(client: httpx.AsyncClient, members: int) -> tuple[UUID, list[UUID], str]:
    merchant = await sign_up(client)
    ids = [UUID(await new_member(client, merchant.access_token, f"m{i}")) for i in range(members)]
    return UUID(merchant.tenant_id), ids, merchant.access_token


def _code(outcome: Outcome) -> str:
    return str(outcome.code) if isinstance(outcome, LedgerError) else "OK"


async def _submit(tenant: UUID, request: JournalRequest) -> Outcome:
    try:
        return await post_journal(tenant, request)
    except LedgerError as refusal:
        return refusal


def _batches() -> float:
    return REGISTRY.get_sample_value("pointsmall_ledger_batch_size_count") or 0.0


def _workload(members: list[UUID]) -> list[JournalRequest]:
    """200 commands on 10 wallets holding 100 points each: a third overdraw (refused whatever
    the order), a third award 5, a third deduct 3 (never short, whatever the order); every
    tenth reuses the previous command's key for another request, and every twentieth repeats
    the previous request exactly."""
    requests: list[JournalRequest] = []
    for i in range(200):
        member = members[i % len(members)]
        command: Command
        if i % 3 == 0:
            command = Deduct(member, 1000, "overdraft")
        elif i % 3 == 1:
            command = Award(member, 5, "bonus")
        else:
            command = Deduct(member, 3, "coffee")
        request = JournalRequest(command, ACTOR, f"k{i}")
        if i % 10 == 9:
            previous = requests[-1]
            assert isinstance(previous.command, Award | Deduct)
            changed = replace(previous.command, reason=f"{previous.command.reason}, again")
            request = JournalRequest(changed, ACTOR, previous.idempotency_key)
        elif i % 20 == 4:
            request = requests[-1]
        requests.append(request)
    return requests


async def _seed(tenant: UUID, members: list[UUID]) -> None:
    for member in members:
        await post_journal(tenant, JournalRequest(Award(member, 100, "opening"), ACTOR))


async def test_200_concurrent_commands_share_batches_with_the_outcomes_of_one_at_a_time(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given two merchants with ten members of 100 points each, and one workload
    batched, batched_members, _ = await _shop(client, 10)
    alone, alone_members, _ = await _shop(client, 10)
    await _seed(batched, batched_members)
    await _seed(alone, alone_members)
    mirror = dict(zip(alone_members, batched_members, strict=True))

    # when one merchant's 200 commands arrive at once and the other's one after another
    before = _batches()
    concurrent = await asyncio.gather(*(_submit(batched, r) for r in _workload(batched_members)))
    transactions = _batches() - before
    one_by_one = [await _submit(alone, r) for r in _workload(alone_members)]

    # then they shared transactions
    assert transactions <= 10, transactions
    # and each command's outcome is the one it gets alone: a reused key refuses one of the pair
    # (whichever came second), a repeated request replays the first answer
    for i in range(200):
        if i % 10 in (8, 9):
            pair = sorted(_code(o) for o in (concurrent[i - (i % 10 == 9)], concurrent[i + (i % 10 == 8)]))  # fmt: skip
            reference = sorted(_code(o) for o in (one_by_one[i - (i % 10 == 9)], one_by_one[i + (i % 10 == 8)]))  # fmt: skip
            assert pair == reference, i
            assert "IDEMPOTENCY_KEY_REUSED" in pair
        else:
            assert _code(concurrent[i]) == _code(one_by_one[i]), (i, concurrent[i], one_by_one[i])
        if i % 20 == 4:
            first, again = concurrent[i - 1], concurrent[i]
            if isinstance(first, JournalResult):
                assert isinstance(again, JournalResult)
                assert again.journal_id == first.journal_id
                assert first.replayed != again.replayed
    for member in alone_members:
        expected = await wallet_of(alone, member)
        assert (await wallet_of(batched, mirror[member])).posted == expected.posted
    async with tenant_scope(batched):
        batched_journals = await Journal.filter(tenant_id=batched).count()
    async with tenant_scope(alone):
        alone_journals = await Journal.filter(tenant_id=alone).count()
    assert batched_journals == alone_journals
    await assert_ledger_ok(settings)


async def test_one_batch_decides_each_command_on_its_own(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given ann with 10 points, bob blocked, and cid one award short of the limit
    tenant, (ann, bob, cid), token = await _shop(client, 3)
    await post_journal(tenant, JournalRequest(Award(ann, 10, "opening"), ACTOR))
    await post_journal(tenant, JournalRequest(Award(cid, MAX, "opening"), ACTOR))
    blocked = await gql(client, BLOCK, {"input": {"memberId": str(bob)}}, token)
    assert blocked["blockMember"]["member"]["status"] == "BLOCKED"
    batch = [
        JournalRequest(Deduct(ann, 4, "tea"), ACTOR, "a"),
        JournalRequest(Award(uuid4(), 5, "nobody"), ACTOR, "b"),
        JournalRequest(Deduct(ann, 7, "cake"), ACTOR, "c"),  # 6 left after the tea
        JournalRequest(Award(bob, 5, "blocked"), ACTOR, "d"),
        JournalRequest(Award(cid, 1, "one too many"), ACTOR, "e"),
        JournalRequest(Deduct(ann, 6, "cake, smaller"), ACTOR, "f"),
        JournalRequest(Deduct(ann, 4, "tea"), ACTOR, "a"),  # the first request, again
        JournalRequest(Deduct(ann, 5, "tea"), ACTOR, "a"),  # its key, another request
    ]

    # when they are posted as one batch
    outcomes = await post_journals(tenant, batch)

    # then each has its own outcome, in arrival order
    assert [_code(o) for o in outcomes] == [
        "OK",
        "MEMBER_NOT_FOUND",
        "INSUFFICIENT_POINTS",
        "MEMBER_BLOCKED",
        "BALANCE_LIMIT",
        "OK",
        "OK",
        "IDEMPOTENCY_KEY_REUSED",
    ]
    assert isinstance(outcomes[2], LedgerError)
    assert outcomes[2].message == "Only 6 points available, 7 needed."
    first, again = outcomes[0], outcomes[6]
    assert isinstance(first, JournalResult)
    assert isinstance(again, JournalResult)
    assert (again.journal_id, again.replayed, first.replayed) == (first.journal_id, True, False)
    assert first.wallets[ann].posted == 6
    assert again.wallets[ann].posted == 6
    assert (await wallet_of(tenant, ann)).posted == 0
    assert (await wallet_of(tenant, cid)).posted == MAX

    # and the refusals were stored with their keys: a retry of the batch replays every outcome
    replayed = await post_journals(tenant, batch)
    assert [_code(o) for o in replayed] == [_code(o) for o in outcomes]
    assert all(o.replayed for o in replayed if isinstance(o, JournalResult))
    assert (await wallet_of(tenant, ann)).posted == 0
    await assert_ledger_ok(settings)


async def test_a_wallet_with_expired_points_is_tidied_first_inside_a_batch(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given ann with 50 points past their expiry and 30 that last, and bob with 20
    tenant, (ann, bob), _ = await _shop(client, 2)
    later = datetime.now(UTC) + timedelta(days=1)
    await post_journal(tenant, JournalRequest(Award(ann, 50, "old", expires_at=later), ACTOR))
    await age_lots(settings, str(ann))
    await post_journal(tenant, JournalRequest(Award(ann, 30, "new"), ACTOR))
    await post_journal(tenant, JournalRequest(Award(bob, 20, "new"), ACTOR))

    # when one batch deducts from both and awards ann again
    outcomes = await post_journals(
        tenant,
        [
            JournalRequest(Deduct(bob, 5, "tea"), ACTOR, "t1"),
            JournalRequest(Deduct(ann, 40, "more than is left"), ACTOR, "t2"),
            JournalRequest(Award(ann, 15, "bonus"), ACTOR, "t3"),
            JournalRequest(Deduct(ann, 40, "now there is"), ACTOR, "t4"),
        ],
    )

    # then ann's expired points went to breakage before her deduction, in arrival order
    assert [_code(o) for o in outcomes] == ["OK", "INSUFFICIENT_POINTS", "OK", "OK"]
    assert (await wallet_of(tenant, ann)).posted == 5
    assert (await wallet_of(tenant, bob)).posted == 15
    async with tenant_scope(tenant):
        assert await Journal.filter(tenant_id=tenant, code="EXPIRE").count() == 1
    await assert_ledger_ok(settings)


async def test_commands_on_one_wallet_arriving_together_apply_in_arrival_order(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    tenant, (ann,), _ = await _shop(client, 1)
    commands: list[Command] = [Award(ann, 10, "in"), Deduct(ann, 10, "out"), Deduct(ann, 1, "more")]

    outcomes = await asyncio.gather(
        *(_submit(tenant, JournalRequest(c, ACTOR, f"o{i}")) for i, c in enumerate(commands))
    )

    assert [_code(o) for o in outcomes] == ["OK", "OK", "INSUFFICIENT_POINTS"]
    assert (await wallet_of(tenant, ann)).posted == 0
    await assert_ledger_ok(settings)


async def test_a_command_that_breaks_its_batch_fails_alone(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # given three awards arriving together, the middle one with a reason PostgreSQL refuses
    # (a NUL character: the API refuses it at the edge, a bug could still send one)
    tenant, (ann,), _ = await _shop(client, 1)
    reasons = ["first", "bro\x00ken", "third"]

    outcomes = await asyncio.gather(
        *(
            post_journal(tenant, JournalRequest(Award(ann, 1, reason), ACTOR, f"n{i}"))
            for i, reason in enumerate(reasons)
        ),
        return_exceptions=True,
    )

    # then the batch's failure is the broken command's only
    assert isinstance(outcomes[0], JournalResult)
    assert isinstance(outcomes[2], JournalResult)
    assert isinstance(outcomes[1], Exception)
    assert not isinstance(outcomes[1], LedgerError)
    assert (await wallet_of(tenant, ann)).posted == 2
    await assert_ledger_ok(settings)
