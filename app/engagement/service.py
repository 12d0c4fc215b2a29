"""Lotteries: merchants set them up; members pay points to draw a prize.

A draw is one transaction, idempotent by key: the member's draws queue on an advisory lock
(daily limit), the lottery's prizes are locked (stock), the cost is spent through the ledger,
the prize is picked from a fresh seed (kept with the draw), and points or a reward order are
given. Any refusal undoes all of it.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from app.catalog.models import Reward
from app.core.clock import local_day_start, utcnow
from app.core.db import tenant_scope
from app.core.idempotency import (
    UNKEYED,
    KeyedRequest,
    OptionalKey,
    created_once,
    once_in_scope,
    request_hash,
    valid_key,
)
from app.core.ids import uuid7
from app.core.pagination import Page, PageRequest, fetch_page
from app.core.tenant_routing import required_tenant
from app.earning.activity import Activity, Paid
from app.earning.models import EarnRule, EarnRuleKind
from app.engagement.drawing import pick, roll_of
from app.engagement.errors import LotteryError, LotteryErrorCode
from app.engagement.models import (
    Lottery,
    LotteryChance,
    LotteryChanceRule,
    LotteryDraw,
    LotteryPrize,
    LotteryStatus,
    PrizeKind,
)
from app.ledger.accounts import MAX_AMOUNT
from app.ledger.commands import Award, Deduct
from app.ledger.errors import LedgerError, into_domain
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journal
from app.redemption.redeem import grant_prize
from tenants.clock import zone_of

MAX_PRIZES = 20
MAX_FREE_DRAWS = 100
MAX_WEIGHT = 1_000_000


@dataclass(frozen=True)
class PrizeSpec:
    name: str
    kind: PrizeKind
    weight: int
    points: int | None = None
    reward_id: UUID | None = None
    stock: int | None = None
    # An edit names the prizes it keeps by id; a prize without one is new.
    id: UUID | None = None


@dataclass(frozen=True)
class LotterySpec:
    name: str
    cost_points: int
    prizes: list[PrizeSpec]
    daily_limit: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    # (earning rule, draws): each payment of the rule (a check-in, a task) grants free draws.
    free_draw_rules: tuple[tuple[UUID, int], ...] = ()


@dataclass(frozen=True)
class Drawn:
    draw: LotteryDraw
    prize: LotteryPrize
    replayed: bool


def _invalid(message: str, field: str) -> LotteryError:
    return LotteryError(LotteryErrorCode.INVALID_INPUT, message, field)


def _validate_lottery(spec: LotterySpec) -> None:
    if not 1 <= len(spec.name.strip()) <= 200:
        raise _invalid("Name must be 1-200 characters.", "name")
    if not 1 <= spec.cost_points <= MAX_AMOUNT:
        raise _invalid("A draw costs at least one point.", "costPoints")
    if spec.daily_limit is not None and spec.daily_limit < 1:
        raise _invalid("The daily limit must be positive.", "dailyLimit")
    if spec.starts_at and spec.ends_at and spec.ends_at <= spec.starts_at:
        raise _invalid("endsAt must be after startsAt.", "endsAt")
    if any(not 1 <= draws <= MAX_FREE_DRAWS for _, draws in spec.free_draw_rules):
        raise _invalid(f"A rule grants 1-{MAX_FREE_DRAWS} free draws.", "freeDrawRules")
    if not 1 <= len(spec.prizes) <= MAX_PRIZES:
        raise _invalid(f"Give 1-{MAX_PRIZES} prizes.", "prizes")
    for prize in spec.prizes:
        if not 1 <= prize.weight <= MAX_WEIGHT:
            raise _invalid(f"Weights are 1-{MAX_WEIGHT}.", "prizes")
        if prize.stock is not None and prize.stock < 0:
            raise _invalid("Stock must be 0 or more.", "prizes")
        if prize.kind is PrizeKind.POINTS and not (prize.points and 0 < prize.points <= MAX_AMOUNT):
            raise _invalid("A POINTS prize needs its points.", "prizes")
        if prize.kind is PrizeKind.REWARD and prize.reward_id is None:
            raise _invalid("A REWARD prize needs its rewardId.", "prizes")


async def create_lottery(
    tenant_id: UUID, spec: LotterySpec, keyed: OptionalKey = UNKEYED
) -> Lottery:
    _validate_lottery(spec)

    async def create() -> Lottery:
        async with tenant_scope(tenant_id):
            await _check_rewards(spec)
            lottery = await Lottery.create(tenant_id=tenant_id, **_fields(spec))
            await LotteryPrize.bulk_create([_prize(lottery, p) for p in spec.prizes])
            await _set_chance_rules(lottery, spec)
            return lottery

    return await created_once(Lottery, tenant_id, keyed, asdict(spec), create, LotteryError)


def _fields(spec: LotterySpec) -> dict[str, Any]:
    return {
        "name": spec.name.strip(),
        "cost_points": spec.cost_points,
        "daily_limit": spec.daily_limit,
        "starts_at": spec.starts_at,
        "ends_at": spec.ends_at,
    }


async def _check_rewards(spec: LotterySpec) -> None:
    """The rewards prizes name are the tenant's own (the scope hides every other)."""
    named = {p.reward_id for p in spec.prizes if p.reward_id is not None}
    if named and await Reward.filter(id__in=named).count() != len(named):
        raise _invalid("No such reward.", "prizes")


async def update_lottery(tenant_id: UUID, lottery_id: UUID, spec: LotterySpec) -> Lottery:
    """Replace a lottery's settings and prizes: a prize named by id is updated (what it has
    been won so far stays), one without an id is added, one left out is retired (past draws
    still name it). Draws in flight wait on the prizes' row locks."""
    _validate_lottery(spec)
    async with tenant_scope(tenant_id):
        lottery = await _locked(lottery_id)
        await _check_rewards(spec)
        prizes = {p.id: p for p in await _live_prizes(lottery.id)}
        kept = {p.id for p in spec.prizes if p.id is not None}
        if not kept <= set(prizes):
            raise _invalid("No such prize in this lottery.", "prizes")
        await Lottery.filter(id=lottery.id).update(**_fields(spec))
        for prize in spec.prizes:
            if prize.id is None:
                await _prize(lottery, prize).save()
                continue
            await LotteryPrize.filter(id=prize.id).update(**_prize_fields(prize))
        retired = set(prizes) - kept
        if retired:
            await LotteryPrize.filter(id__in=list(retired)).update(retired_at=utcnow())
        await _set_chance_rules(lottery, spec)
        return await Lottery.get(id=lottery.id)


async def _set_chance_rules(lottery: Lottery, spec: LotterySpec) -> None:
    """The rules granting free draws become the spec's (check-in and task rules of the
    tenant's own); draws already granted stay."""
    rules = dict(spec.free_draw_rules)
    found = await EarnRule.filter(
        id__in=list(rules), kind__in=[EarnRuleKind.CHECK_IN, EarnRuleKind.EVENT]
    ).count()
    if found != len(rules):
        raise _invalid("Free draws come from your CHECK_IN or EVENT rules.", "freeDrawRules")
    await LotteryChanceRule.filter(lottery_id=lottery.id).delete()
    await LotteryChanceRule.bulk_create([
        LotteryChanceRule(tenant_id=lottery.tenant_id, lottery_id=lottery.id, rule_id=rule_id,
                          draws=draws)
        for rule_id, draws in rules.items()
    ])  # fmt: skip


async def chance_rules_of(tenant_id: UUID, lottery_id: UUID) -> list[LotteryChanceRule]:
    async with tenant_scope(tenant_id):
        return await LotteryChanceRule.filter(lottery_id=lottery_id).order_by("id")


async def grant_chances(tenant_id: UUID, member_id: UUID, activity: Activity, paid: Paid) -> None:
    """The earning activity hook: free draws for the rule payments that grant them, once per
    payment (its occasion), in the payment's transaction."""
    if not paid:
        return
    rules = await LotteryChanceRule.filter(rule_id__in=[rule for rule, _ in paid])
    by_rule: dict[UUID, list[LotteryChanceRule]] = {}
    for rule in rules:
        by_rule.setdefault(rule.rule_id, []).append(rule)
    for rule_id, occasion in paid:
        for grant in by_rule.get(rule_id, []):
            await LotteryChance._meta.db.execute_query(
                "INSERT INTO lottery_chance (id, tenant_id, lottery_id, member_id, rule_id,"
                " occasion, draws, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, now())"
                " ON CONFLICT DO NOTHING",
                [uuid7(), tenant_id, grant.lottery_id, member_id, rule_id, occasion, grant.draws],
            )


async def free_draws_left(lottery_id: UUID, member_id: UUID) -> int:
    """Free draws the member earned and has not drawn yet; call in the tenant's scope."""
    rows = await LotteryChance._meta.db.execute_query_dict(
        "SELECT coalesce((SELECT sum(draws) FROM lottery_chance WHERE tenant_id = $3"
        " AND lottery_id = $1 AND member_id = $2), 0) - (SELECT count(*) FROM lottery_draw"
        " WHERE tenant_id = $3 AND lottery_id = $1 AND member_id = $2 AND free) AS left_",
        [lottery_id, member_id, required_tenant()],
    )
    return max(0, int(rows[0]["left_"]))


async def free_draws_of(tenant_id: UUID, lottery_id: UUID, member_id: UUID) -> int:
    async with tenant_scope(tenant_id):
        return await free_draws_left(lottery_id, member_id)


async def end_lottery(tenant_id: UUID, lottery_id: UUID) -> Lottery:
    """Stop a lottery now: no more draws; its draws stay on the record."""
    async with tenant_scope(tenant_id):
        lottery = await _locked(lottery_id)
        now = utcnow()
        ends = now if lottery.starts_at is None or lottery.starts_at < now else None
        await Lottery.filter(id=lottery.id).update(
            status=LotteryStatus.ARCHIVED, ends_at=ends or lottery.ends_at
        )
        return await Lottery.get(id=lottery.id)


async def _locked(lottery_id: UUID) -> Lottery:
    lottery = await Lottery.select_for_update().get_or_none(
        id=lottery_id, status=LotteryStatus.ACTIVE
    )
    if lottery is None:
        raise LotteryError(LotteryErrorCode.LOTTERY_NOT_FOUND, "No such lottery.", "lotteryId")
    return lottery


async def _live_prizes(lottery_id: UUID) -> list[LotteryPrize]:
    return (
        await LotteryPrize.filter(lottery_id=lottery_id, retired_at__isnull=True)
        .order_by("id")
        .select_for_update()
    )


async def draws(
    tenant_id: UUID, page: PageRequest, lottery_id: UUID | None, member_id: UUID | None
) -> Page[LotteryDraw]:
    """Draws newest first, of one lottery or one member (or both, or all the tenant's)."""
    async with tenant_scope(tenant_id):
        query = LotteryDraw.all()
        if lottery_id is not None:
            query = query.filter(lottery_id=lottery_id)
        if member_id is not None:
            query = query.filter(member_id=member_id)
        return await fetch_page(query, page, newest_first=True)


async def prizes_by_id(tenant_id: UUID, ids: list[UUID]) -> dict[UUID, LotteryPrize]:
    async with tenant_scope(tenant_id):
        return {prize.id: prize for prize in await LotteryPrize.filter(id__in=ids)}


def _prize(lottery: Lottery, spec: PrizeSpec) -> LotteryPrize:
    return LotteryPrize(tenant_id=lottery.tenant_id, lottery_id=lottery.id, **_prize_fields(spec))


def _prize_fields(spec: PrizeSpec) -> dict[str, Any]:
    return {
        "name": spec.name.strip()[:200],
        "kind": spec.kind,
        "points": spec.points if spec.kind is PrizeKind.POINTS else None,
        "reward_id": spec.reward_id if spec.kind is PrizeKind.REWARD else None,
        "weight": spec.weight,
        "stock": spec.stock,
    }


async def list_lotteries(tenant_id: UUID) -> list[Lottery]:
    """The lotteries running now or scheduled to (not ended)."""
    now = utcnow()
    async with tenant_scope(tenant_id):
        lotteries = await Lottery.filter(status=LotteryStatus.ACTIVE).order_by("id")
    return [lottery for lottery in lotteries if lottery.ends_at is None or lottery.ends_at > now]


async def prizes_of(tenant_id: UUID, lottery_id: UUID) -> list[LotteryPrize]:
    """The prizes a draw may pick (not those an edit retired)."""
    async with tenant_scope(tenant_id):
        return await LotteryPrize.filter(lottery_id=lottery_id, retired_at__isnull=True).order_by(
            "id"
        )


async def draw(
    tenant_id: UUID, member_id: UUID, lottery_id: UUID, idempotency_key: str, actor: str
) -> Drawn:
    """One draw for the member; the same key answers with the same draw."""
    if not valid_key(idempotency_key):
        raise _invalid("idempotencyKey must be 1-200 printable characters.", "idempotencyKey")
    fingerprint = request_hash("draw_lottery", {"lottery": str(lottery_id)})
    keyed = KeyedRequest(tenant_id, actor, idempotency_key, fingerprint)
    applied = await once_in_scope(
        keyed, lambda: _draw(tenant_id, member_id, lottery_id, actor), LotteryError
    )
    async with tenant_scope(tenant_id):
        found = await LotteryDraw.get(id=UUID(applied.response["draw_id"]))
        prize = await LotteryPrize.get(id=found.prize_id)
        return Drawn(found, prize, applied.replayed)


async def _draw(tenant_id: UUID, member_id: UUID, lottery_id: UUID, actor: str) -> dict[str, Any]:
    lottery = await Lottery.get_or_none(id=lottery_id, status=LotteryStatus.ACTIVE)
    if lottery is None:
        raise LotteryError(LotteryErrorCode.LOTTERY_NOT_FOUND, "No such lottery.", "lotteryId")
    now = utcnow()
    if lottery.starts_at is not None and now < lottery.starts_at:
        raise LotteryError(
            LotteryErrorCode.NOT_STARTED, "The lottery has not started.", "lotteryId"
        )
    if lottery.ends_at is not None and now >= lottery.ends_at:
        raise LotteryError(LotteryErrorCode.ENDED, "The lottery has ended.", "lotteryId")
    async with in_transaction() as connection:
        await connection.execute_query(
            "SELECT pg_advisory_xact_lock(hashtext('lottery_draw:' || $1::text))", [str(member_id)]
        )
    if lottery.daily_limit is not None:
        midnight = local_day_start(utcnow(), await zone_of(tenant_id))
        today = await LotteryDraw.filter(
            lottery_id=lottery.id, member_id=member_id, created_at__gte=midnight
        ).count()
        if today >= lottery.daily_limit:
            raise LotteryError(
                LotteryErrorCode.LIMIT_REACHED,
                f"At most {lottery.daily_limit} draws a day.",
                "lotteryId",
            )
    prizes = await _live_prizes(lottery.id)
    in_play = [p for p in prizes if p.stock is None or p.won < p.stock]
    if not in_play:
        raise LotteryError(LotteryErrorCode.SOLD_OUT, "Every prize is gone.", "lotteryId")
    metadata = {"lottery_id": str(lottery.id)}
    free = await free_draws_left(lottery.id, member_id) > 0
    paid = None
    if not free:
        cost = Deduct(
            member_id, lottery.cost_points, f"Lottery: {lottery.name}", "LOTTERY", metadata
        )
        paid = await _post(tenant_id, cost, actor)
    draw_id, seed = uuid7(), secrets.token_hex(16)
    weights = [(p.id, p.weight) for p in in_play]
    roll = roll_of(seed, draw_id, sum(w for _, w in weights))
    prize = next(p for p in in_play if p.id == pick(weights, roll))
    await LotteryPrize.filter(id=prize.id).update(won=F("won") + 1)
    order_id = None
    if prize.kind is PrizeKind.POINTS and prize.points:
        won = Award(member_id, prize.points, f"Lottery prize: {prize.name}", None, "LOTTERY_PRIZE")
        await _post(tenant_id, won, actor)
    elif prize.kind is PrizeKind.REWARD and prize.reward_id is not None:
        order = await grant_prize(
            tenant_id, member_id, prize.reward_id, actor, f"Lottery prize: {prize.name}"
        )
        if order is None:
            raise LotteryError(
                LotteryErrorCode.PRIZE_UNAVAILABLE,
                "The prize's reward is out of stock; nothing was charged.",
                "lotteryId",
            )
        order_id = order.id
    await LotteryDraw.create(
        id=draw_id, tenant_id=tenant_id, lottery_id=lottery.id, member_id=member_id,
        prize_id=prize.id, seed=seed, roll=roll,
        weights=[[str(p), w] for p, w in weights], cost_transfer_id=paid, free=free,
        prize_order_id=order_id,
    )  # fmt: skip
    return {"draw_id": str(draw_id)}


async def _post(tenant_id: UUID, command: Award | Deduct, actor: str) -> UUID:
    try:
        result = await post_journal(
            tenant_id, JournalRequest(command, actor, report_balances=False)
        )
    except LedgerError as error:
        raise into_domain(error, LotteryError, "lotteryId") from error
    assert result.transfer_id is not None  # noqa: S101 - a posted journal has a transfer
    return result.transfer_id
