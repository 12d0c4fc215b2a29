"""Group commit, the process's half: concurrent journals of one tenant share a transaction.

A journal posted outside any transaction (`service.post_journal`) joins its tenant's queue in
this process. While fewer than `flushes` batches of that tenant are being written, a flush
starts at once: a journal that arrives alone waits for nothing, so low load costs what it did.
Under load the journals that arrive while batches are in flight queue up, and the next flush
takes all of them (at most `size`), in arrival order, as one `post_journals` call: one
transaction, one statement for the awards and deductions (`batch.apply_batch`), one COMMIT and
WAL flush for the lot. Each caller gets its own journal's outcome; an outage that outlasts the
transaction's retries is every caller's failure, as it would have been alone, and any other
failure of a batch (a bug one command hits) sends its keyed journals again one by one, so it
stays that command's.

Hand-written rather than taken from a library: what it batches is our own transaction, and
the whole mechanism is a queue and a counter per tenant. State is kept per event loop, so a
loop that ends (a test's) cannot leave a flush counted that will never finish.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from uuid import UUID

from app.core.metrics import LEDGER_BATCH_SIZE
from app.core.outages import is_outage
from app.ledger.errors import LedgerError
from app.ledger.requests import JournalRequest, JournalResult

Outcome = JournalResult | LedgerError
PostBatch = Callable[[UUID, list[JournalRequest]], Awaitable[list[Outcome]]]

# Journals per transaction at most, and batches of one tenant written at once per process.
DEFAULT_SIZE = 64
DEFAULT_FLUSHES = 2


Waiting = tuple[JournalRequest, asyncio.Future[Outcome]]


@dataclass
class _Tenant:
    waiting: deque[Waiting] = field(default_factory=deque)
    flushing: set[asyncio.Task[None]] = field(default_factory=set)


class GroupCommit:
    def __init__(self, post: PostBatch, size: int = DEFAULT_SIZE, flushes: int = DEFAULT_FLUSHES):
        self.post_batch = post
        self.size = size
        self.flushes = flushes
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[UUID, _Tenant]] = (
            weakref.WeakKeyDictionary()
        )

    async def post(self, tenant_id: UUID, request: JournalRequest) -> Outcome:
        """Apply `request` in the next batch of its tenant; its outcome."""
        loop = asyncio.get_running_loop()
        tenants = self._loops.setdefault(loop, {})
        tenant = tenants.setdefault(tenant_id, _Tenant())
        future: asyncio.Future[Outcome] = loop.create_future()
        tenant.waiting.append((request, future))
        if len(tenant.flushing) < self.flushes:
            tenant.flushing.add(loop.create_task(self._flush(tenants, tenant_id, tenant)))
        return await future

    async def _flush(self, tenants: dict[UUID, _Tenant], tenant_id: UUID, tenant: _Tenant) -> None:
        try:
            while tenant.waiting:
                take = min(self.size, len(tenant.waiting))
                batch = [tenant.waiting.popleft() for _ in range(take)]
                LEDGER_BATCH_SIZE.observe(take)
                try:
                    outcomes = await self.post_batch(tenant_id, [request for request, _ in batch])
                except Exception as exc:  # noqa: BLE001 - each caller answers for it
                    await self._one_by_one(tenant_id, batch, exc)
                    continue
                for (_, future), outcome in zip(batch, outcomes, strict=True):
                    _answer(future, outcome)
        finally:
            # No await since the queue was last seen empty: a journal queued from now on
            # finds this flush gone and starts one.
            tenant.flushing.discard(asyncio.current_task())
            if not tenant.flushing and not tenant.waiting:
                tenants.pop(tenant_id, None)

    async def _one_by_one(self, tenant_id: UUID, batch: list[Waiting], failure: Exception) -> None:
        """A batch failed as a whole with something other than a refusal (a refusal is an
        outcome). An outage is every caller's; any other failure is one command's, and must
        not be its neighbours': each keyed journal is posted again on its own (had the batch
        committed, the retry replays it). An unkeyed journal cannot be retried safely, so it
        gets the failure."""
        for request, future in batch:
            if is_outage(failure) or request.idempotency_key is None or len(batch) == 1:
                _answer(future, failure)
                continue
            try:
                [outcome] = await self.post_batch(tenant_id, [request])
            except Exception as alone:  # noqa: BLE001 - this caller answers for it
                _answer(future, alone)
            else:
                _answer(future, outcome)


def _answer(future: asyncio.Future[Outcome], outcome: Outcome | Exception) -> None:
    if future.done():  # its caller may have gone; the journal stands
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
