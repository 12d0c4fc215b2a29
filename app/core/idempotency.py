"""Idempotency keys: the first outcome of a request is stored with its effect and replayed.

In the effect's own transaction the key is claimed with INSERT ... ON CONFLICT DO NOTHING. A
concurrent duplicate blocks on the unique index until the first transaction ends, then reads
the committed outcome: the same request gets the stored response, a different request under
the same key is refused. Expected refusals (a DomainError raised by the effect) are stored too,
so a retry cannot succeed where the original failed; the effect's partial writes are rolled
back to a savepoint first. Keys are scoped to a caller and kept (pruning is a later job).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.transactions import in_transaction

from app.core.db import tenant_scope, with_retries
from app.core.errors import DomainError
from app.core.tenant_routing import required_tenant

MAX_KEY_LENGTH = 200


E = TypeVar("E", bound=DomainError)
M = TypeVar("M", bound=Model)

KEY_REUSED = "This idempotency key was used for a different request."


@dataclass(frozen=True)
class Applied:
    """The effect ran (now, or `replayed` from the first request with this key)."""

    response: dict[str, Any]
    replayed: bool


@dataclass(frozen=True)
class Refused:
    """The effect refused (now, or `replayed`); a retry gets the same refusal."""

    code: str
    message: str
    field: str | None
    replayed: bool


Outcome = Applied | Refused


class KeyReusedError(Exception):
    """The key was first used with a different request."""


def request_hash(operation: str, request: dict[str, Any]) -> str:
    canonical = json.dumps([operation, request], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def valid_key(key: str) -> bool:
    return 1 <= len(key) <= MAX_KEY_LENGTH and key.isprintable()


async def run_once(
    connection: BaseDBAsyncClient,
    tenant_id: UUID,
    scope: str,
    key: str,
    fingerprint: str,
    effect: Callable[[], Awaitable[dict[str, Any]]],
) -> Outcome:
    """Run `effect` unless this key already has an outcome; call inside the tenant's transaction."""
    claimed = await connection.execute_query_dict(
        "INSERT INTO idempotency_record (tenant_id, scope, key, request_hash, outcome, created_at)"
        " VALUES ($1, $2, $3, $4, 'PENDING', now()) ON CONFLICT DO NOTHING RETURNING id",
        [tenant_id, scope, key, fingerprint],
    )
    if not claimed:
        return await _stored(connection, tenant_id, scope, key, fingerprint)
    return await run_claimed(connection, claimed[0]["id"], effect)


async def run_claimed(
    connection: BaseDBAsyncClient, record_id: int, effect: Callable[[], Awaitable[dict[str, Any]]]
) -> Outcome:
    """Run `effect` under the key this transaction claimed as `record_id`, and store its outcome
    (a refusal after rolling the effect's writes back to a savepoint)."""
    try:
        async with in_transaction():
            response = await effect()
    except DomainError as refusal:
        await finish_records(connection, [(record_id, "REJECTED", refused_outcome(refusal))])
        return Refused(str(refusal.code), refusal.message, refusal.field, replayed=False)
    await finish_records(connection, [(record_id, "OK", response)])
    return Applied(response, replayed=False)


def stored_outcome(fingerprint: str, request_hash: str, outcome: str, response: Any) -> Outcome:
    """A key's committed outcome as a replay; KeyReusedError when it was another request's."""
    if request_hash != fingerprint:
        raise KeyReusedError(fingerprint)
    stored = json.loads(response) if isinstance(response, str) else response
    if outcome == "REJECTED":
        error = stored["error"]
        return Refused(error["code"], error["message"], error["field"], replayed=True)
    return Applied(stored, replayed=True)


def refused_outcome(refusal: DomainError) -> dict[str, Any]:
    """What a stored refusal keeps (`finish_records` with REJECTED)."""
    error = {"code": str(refusal.code), "message": refusal.message, "field": refusal.field}
    return {"error": error}


def answered(outcome: Outcome, refusal: type[E]) -> Applied:
    """An applied outcome, or the refusal it holds raised as the caller's `refusal` type."""
    if isinstance(outcome, Refused):
        raise refusal(refusal.codes(outcome.code), outcome.message, outcome.field)
    return outcome


def key_reused(refusal: type[E]) -> E:
    return refusal(refusal.codes("IDEMPOTENCY_KEY_REUSED"), KEY_REUSED, "idempotencyKey")


@dataclass(frozen=True)
class KeyedRequest:
    """A request under an idempotency key: whose (tenant and caller's scope), and what."""

    tenant_id: UUID
    scope: str
    key: str
    fingerprint: str


async def applied_once(
    connection: BaseDBAsyncClient,
    request: KeyedRequest,
    effect: Callable[[], Awaitable[dict[str, Any]]],
    refusal: type[E],
) -> Applied:
    """`run_once`, with a refusal (a key reused for another request, or the first request's
    stored refusal) raised as the caller's own `refusal` type under its own codes."""
    try:
        outcome = await run_once(
            connection, request.tenant_id, request.scope, request.key, request.fingerprint, effect
        )
    except KeyReusedError as exc:
        raise key_reused(refusal) from exc
    return answered(outcome, refusal)


async def once_in_scope(
    request: KeyedRequest, effect: Callable[[], Awaitable[dict[str, Any]]], refusal: type[E]
) -> Applied:
    """`applied_once` in a transaction of its own in the request's tenant scope (retried on a
    fresh connection if the first was lost before its outcome was known). A refusal rolls that
    transaction back, claim included: unlike the ledger's journals (which keep their refusals),
    a retry under the key is decided afresh, and may then succeed."""

    async def attempt() -> Applied:
        async with tenant_scope(request.tenant_id) as connection:
            return await applied_once(connection, request, effect, refusal)

    return await with_retries(attempt, idempotent=True)


@dataclass(frozen=True)
class OptionalKey:
    """An optional idempotency key (on a create, a stock or a code change), and whose it is:
    the caller's scope, as `actor_of` writes it."""

    key: str | None = None
    actor: str = ""


UNKEYED = OptionalKey()


async def once_if_keyed(
    tenant_id: UUID,
    keyed: OptionalKey,
    operation: str,
    request: dict[str, Any],
    effect: Callable[[], Awaitable[dict[str, Any]]],
    refusal: type[E],
) -> dict[str, Any]:
    """`effect` once per key (every time without one): its answer, or the first call's. A
    create's effect answers `{"id": ...}` so that a retry finds the object the first call made."""
    if keyed.key is None:
        return await effect()
    if not valid_key(keyed.key):
        raise refusal(
            refusal.codes("INVALID_INPUT"),
            "idempotencyKey must be 1-200 printable characters.",
            "idempotencyKey",
        )
    once = KeyedRequest(tenant_id, keyed.actor, keyed.key, request_hash(operation, request))
    return (await once_in_scope(once, effect, refusal)).response


async def created_once(
    model: type[M],
    tenant_id: UUID,
    keyed: OptionalKey,
    request: dict[str, Any],
    create: Callable[[], Awaitable[M]],
    refusal: type[E],
) -> M:
    """`create` under an optional key: the new object, or on a retry the one the first call
    made (as it is now). `request` is what the caller asked for; the same key with another
    request is IDEMPOTENCY_KEY_REUSED."""
    if keyed.key is None:
        return await create()

    async def effect() -> dict[str, Any]:
        return {"id": str((await create()).pk)}

    operation = f"create_{model._meta.db_table}"
    made = await once_if_keyed(tenant_id, keyed, operation, request, effect, refusal)
    async with tenant_scope(tenant_id):
        return await model.get(pk=made["id"])


async def finish_records(
    connection: BaseDBAsyncClient, outcomes: list[tuple[int, str, dict[str, Any]]]
) -> None:
    """Store the outcomes (OK or REJECTED, and the response) of claimed records, in one
    statement; call in their tenant's scope."""
    if not outcomes:
        return
    await connection.execute_query(
        # (No UPDATE ... FROM unnest(): Citus routes a plain UPDATE by its tenant, not that.)
        "UPDATE idempotency_record r"
        " SET outcome = ($2::text[])[array_position($1::bigint[], r.id)],"
        " response = (($3::text[])[array_position($1::bigint[], r.id)])::jsonb"
        " WHERE r.tenant_id = $4 AND r.id = ANY($1::bigint[])",
        [
            [record for record, _, _ in outcomes],
            [outcome for _, outcome, _ in outcomes],
            [json.dumps(response, sort_keys=True, default=str) for _, _, response in outcomes],
            required_tenant(),
        ],
    )


async def _stored(
    connection: BaseDBAsyncClient, tenant_id: UUID, scope: str, key: str, fingerprint: str
) -> Outcome:
    rows = await connection.execute_query_dict(
        "SELECT request_hash, outcome, response FROM idempotency_record"
        " WHERE tenant_id = $1 AND scope = $2 AND key = $3",
        [tenant_id, scope, key],
    )
    row = rows[0]
    return stored_outcome(fingerprint, row["request_hash"], row["outcome"], row["response"])
