"""Model-based check (TigerBeetle's auditor, in small): a pure-Python reference ledger and the
real one take the same seeded stream of operations and must agree on every result, every
balance and every lot.

Lots are compared per expiry date: lots opened by one transfer share their earning time, and
which of two such twins a later debit draws from first is not part of the contract.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

import httpx
import pytest

from app.core.db import tenant_scope
from app.core.settings import Settings
from app.ledger.commands import (
    Award,
    Command,
    Deduct,
    ExpireWallet,
    Hold,
    MemberTransfer,
    PostHold,
    VoidHold,
)
from app.ledger.errors import LedgerError
from app.ledger.models import Account, Lot
from app.ledger.policy import PointsRules
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal, update_points_rules
from tests.api.operations.analytics import owner_sql
from tests.api.operations.members import new_member
from tests.api.operations.tenancy import sign_up
from tests.ledger_check import assert_ledger_ok

NOW = datetime.now(UTC)
# A lot that is already past its expiry is made as one expiring in 2999, then aged (the ledger
# refuses to open a lot already expired): both the model's and the real one.
AGED = datetime(2999, 1, 1, tzinfo=UTC)
EXPIRIES = [None, datetime(2099, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC), AGED]
NEVER = datetime.max.replace(tzinfo=UTC)
SEEDS = [3, 17, 2026, 31337, 8]
STEPS = 150


@dataclass
class ModelLot:
    remaining: int
    reserved: int
    expires_at: datetime | None
    earned: int

    @property
    def free(self) -> int:
        return self.remaining - self.reserved

    def fifo(self) -> tuple[datetime, int]:
        return (self.expires_at or NEVER, self.earned)


@dataclass
class ModelHold:
    member: int
    amount: int
    reserved: list[tuple[ModelLot, int]]


@dataclass
class Reference:
    """The ledger as a bookkeeper would keep it by hand."""

    lots: dict[int, list[ModelLot]] = field(default_factory=dict)
    holds: dict[int, ModelHold] = field(default_factory=dict)
    clock: int = 0

    def posted(self, member: int) -> int:
        return sum(lot.remaining for lot in self.lots.get(member, []))

    def pending(self, member: int) -> int:
        return sum(lot.reserved for lot in self.lots.get(member, []))

    def _open(self, member: int, amount: int, expires_at: datetime | None) -> None:
        self.lots.setdefault(member, []).append(ModelLot(amount, 0, expires_at, self.clock))

    def _expired(self, member: int) -> list[ModelLot]:
        now = datetime.now(UTC)
        return [
            lot for lot in self.lots.get(member, []) if lot.expires_at and lot.expires_at <= now
        ]

    def _tidy(self, member: int) -> None:
        for lot in self._expired(member):
            lot.remaining -= lot.free

    def available(self, member: int) -> int:
        """Spendable points; a refused spend leaves expired points where they were (its
        savepoint rolls the expiry back too)."""
        expired = sum(lot.free for lot in self._expired(member))
        return self.posted(member) - self.pending(member) - expired

    def _draw(self, member: int, amount: int) -> list[tuple[ModelLot, int]]:
        plan, left = [], amount
        for lot in sorted(self.lots.get(member, []), key=ModelLot.fifo):
            take = min(lot.free, left)
            if take:
                plan.append((lot, take))
                left -= take
        return plan

    def award(self, member: int, amount: int, expires_at: datetime | None) -> str:
        self.clock += 1
        self._open(member, amount, NOW - timedelta(days=1) if expires_at == AGED else expires_at)
        return "OK"

    def spend(self, member: int, amount: int, hold: int | None = None) -> str:
        self.clock += 1
        if self.available(member) < amount:
            return "INSUFFICIENT_POINTS"
        self._tidy(member)
        plan = self._draw(member, amount)
        for lot, take in plan:
            if hold is None:
                lot.remaining -= take
            else:
                lot.reserved += take
        if hold is not None:
            self.holds[hold] = ModelHold(member, amount, plan)
        return "OK"

    def resolve(self, hold: int, posted: int | None) -> str:
        self.clock += 1
        found = self.holds.pop(hold, None)
        if found is None:
            return "HOLD_NOT_FOUND"
        left = 0 if posted is None else posted
        for lot, take in sorted(found.reserved, key=lambda item: item[0].fifo()):
            lot.reserved -= take
            used = min(take, left)
            lot.remaining -= used
            left -= used
        return "OK"

    def transfer(self, source: int, target: int, amount: int) -> str:
        self.clock += 1
        if self.available(source) < amount:
            return "INSUFFICIENT_POINTS"
        self._tidy(source)
        for lot, take in self._draw(source, amount):
            lot.remaining -= take
            self._open(target, take, lot.expires_at)
        return "OK"

    def expire(self, member: int) -> str:
        self.clock += 1
        self._tidy(member)
        return "OK"

    def by_expiry(self, member: int) -> dict[datetime | None, tuple[int, int]]:
        return _group(
            (lot.expires_at, lot.remaining, lot.reserved) for lot in self.lots.get(member, [])
        )


def _group(rows: object) -> dict[datetime | None, tuple[int, int]]:
    grouped: dict[datetime | None, tuple[int, int]] = {}
    for expires_at, remaining, reserved in rows:  # type: ignore[attr-defined]
        if remaining:
            old = grouped.get(expires_at, (0, 0))
            grouped[expires_at] = (old[0] + remaining, old[1] + reserved)
    return grouped


async def _real(tenant: UUID, command: Command) -> tuple[str, UUID | None]:
    try:
        result = await post_journal(tenant, JournalRequest(command, "test:model"))
    except LedgerError as refusal:
        return str(refusal.code), None
    return "OK", result.hold_id


@pytest.mark.parametrize("seed", SEEDS)
async def test_real_ledger_matches_the_reference_model(
    client: httpx.AsyncClient, settings: Settings, seed: int
) -> None:
    merchant = await sign_up(client)
    tenant = UUID(merchant.tenant_id)
    members = [UUID(await new_member(client, merchant.access_token, f"m{i}")) for i in range(3)]
    await update_points_rules(tenant, PointsRules(member_transfers_enabled=True))
    rng = random.Random(seed)
    model = Reference()
    holds: dict[int, UUID] = {}

    for step in range(STEPS):
        m = rng.randrange(3)
        amount = rng.choice([1, 5, 10, 25, 60])
        kind = rng.choices(["award", "deduct", "hold", "post", "void", "transfer", "expire"],
                           [30, 20, 15, 10, 8, 12, 5])[0]  # fmt: skip
        if kind == "award":
            expires_at = rng.choice(EXPIRIES)
            expected = model.award(m, amount, expires_at)
            actual, _ = await _real(tenant, Award(members[m], amount, "model", expires_at))
            if expires_at == AGED:
                await owner_sql(
                    settings,
                    "UPDATE lot SET expires_at = $2 WHERE expires_at = $1 AND tenant_id = $3",
                    AGED,
                    NOW - timedelta(days=1),
                    tenant,
                )
        elif kind in {"deduct", "hold"}:
            hold = step if kind == "hold" else None
            expected = model.spend(m, amount, hold)
            command: Command = (
                Hold(members[m], amount, "model")
                if hold is not None
                else Deduct(members[m], amount, "model")
            )
            actual, hold_id = await _real(tenant, command)
            if hold is not None and hold_id is not None:
                holds[hold] = hold_id
        elif kind in {"post", "void"}:
            target = rng.choice(sorted(holds)) if holds else -1
            hold_id = holds.pop(target, UUID(int=step))
            posted = (
                None
                if kind == "void"
                else rng.randint(1, model.holds[target].amount)
                if target in model.holds
                else 1
            )
            expected = model.resolve(target, posted)
            actual, _ = await _real(
                tenant, VoidHold(hold_id) if posted is None else PostHold(hold_id, posted)
            )
        elif kind == "transfer":
            other = (m + rng.randrange(1, 3)) % 3
            expected = model.transfer(m, other, amount)
            actual, _ = await _real(
                tenant, MemberTransfer(members[m], members[other], amount, "model")
            )
        else:
            expected = model.expire(m)
            actual, _ = await _real(tenant, ExpireWallet(members[m]))
        assert actual == expected, (seed, step, kind)

    async with tenant_scope(tenant):
        for index, member in enumerate(members):
            wallet = await Account.get_or_none(kind="MEMBER_WALLET", owner_id=member)
            posted = wallet.posted if wallet else 0
            pending = wallet.pending_dr if wallet else 0
            assert (posted, pending) == (model.posted(index), model.pending(index)), (seed, index)
            lots = await Lot.filter(wallet_id=wallet.id) if wallet else []
            real = _group((lot.expires_at, lot.remaining, lot.reserved) for lot in lots)
            assert real == model.by_expiry(index), (seed, index)
    await assert_ledger_ok(settings)
