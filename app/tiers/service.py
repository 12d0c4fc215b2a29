"""Tier use cases: the tenant's tiers and policy, a member's tier and progress, upgrades,
the periodic review (downgrades after grace), and staff overrides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.hooks import Hooks
from app.core.idempotency import UNKEYED, OptionalKey, created_once
from app.core.tenant_routing import required_tenant
from app.members.models import Member
from app.tiers.errors import TierError, TierErrorCode
from app.tiers.models import Basis, MemberTier, Tier, TierChange, TierPolicy, Window
from app.tiers.qualification import Level, next_level, qualifying, window_start
from app.webhooks.events import emit
from tenants.clock import zone_of

DEFAULT_TIERS = [
    ("普通", 0, 0, "1"),
    ("银卡", 1, 1_000, "1.2"),
    ("金卡", 2, 5_000, "1.5"),
    ("钻石", 3, 20_000, "2"),
]


@dataclass(frozen=True)
class TierStatus:
    tier: Tier
    progress: int
    next_tier: Tier | None
    needed: int
    window_start: datetime
    basis: Basis
    override_until: datetime | None


async def open_tiers(tenant_id: UUID) -> None:
    """The default tiers (普通 / 银卡 / 金卡 / 钻石 by points earned over 12 months); call in
    the tenant's scope."""
    await TierPolicy.create(tenant_id=tenant_id)
    for name, rank, threshold, multiplier in DEFAULT_TIERS:
        await Tier.create(
            tenant_id=tenant_id,
            name=name,
            rank=rank,
            threshold=threshold,
            earn_multiplier=multiplier,
        )


async def tier_status(tenant_id: UUID, member_id: UUID, now: datetime | None = None) -> TierStatus:
    """The member's tier and what the next one needs. A read: it writes nothing (members move up
    in the transaction that posts their points, `qualify_earners`; down in the review)."""
    now = now or utcnow()
    async with tenant_scope(tenant_id):
        row = await MemberTier.get_or_none(member_id=member_id)
        tiers = await Tier.all()
        policy = await TierPolicy.get()
        progress = await _progress(member_id, policy, now)
        effective = _effective(row, tiers, now) if row else min(tiers, key=lambda t: t.rank)
        following = _tier_of(tiers, next_level(_levels(tiers), _level(effective)))
        needed = max(0, following.threshold - progress) if following else 0
        start = window_start(now, policy.window, policy.months, await zone_of(policy.tenant_id))
        override = row.override_until if row and row.override_tier_id else None
        return TierStatus(effective, progress, following, needed, start, policy.basis, override)


async def qualify_earners(
    tenant_id: UUID, earned: dict[UUID, int], reasons: dict[UUID, str]
) -> None:
    """Upgrade at once, in the transaction that posted their points, the members whose points
    earned now reach a higher tier (the ledger's hook, `app.ledger.hooks`). One query for the
    policy and tiers, one for everyone's progress and tier; the rare upgrade locks and moves."""
    policy = await TierPolicy.get_or_none()
    if policy is None or policy.basis is not Basis.POINTS_EARNED:
        return
    now = utcnow()
    tiers = await Tier.all()
    members = list(earned)
    start = window_start(now, policy.window, policy.months, await zone_of(policy.tenant_id))
    top = max(tiers, key=lambda tier: tier.rank)
    # Members at the top tier cannot move up: their progress is not summed.
    rows = await MemberTier._meta.db.execute_query_dict(
        _EARNED, [members, start, now, top.id, policy.tenant_id]
    )
    lowest = min(tiers, key=lambda tier: tier.rank)
    ranks = {tier.id: tier.rank for tier in tiers}
    for row in rows:
        if row["n"] is None:
            continue
        target = qualifying(_levels(tiers), max(0, int(row["n"])))
        if target.rank > ranks.get(row["tier_id"], lowest.rank):
            await evaluate(row["member_id"], reasons.get(row["member_id"], "Qualified"), now)


@dataclass(frozen=True)
class Standing:
    tier: Tier
    multiplier: Fraction
    basis: Basis


async def tier_standing(member_id: UUID, birthday: bool = False) -> Standing:
    """The member's effective tier, its earn (or birthday) multiplier, and what tiers are
    based on, in one query; call in the tenant's scope. A member with no tier row yet is in
    the lowest tier."""
    rows = await Tier._meta.db.execute_query_dict(
        "SELECT t.id, t.tenant_id, t.name, t.rank, t.threshold, t.earn_multiplier,"
        " t.birthday_multiplier, p.basis FROM tier_policy p JOIN tier t ON t.id = coalesce("
        "  (SELECT CASE WHEN m.override_tier_id IS NOT NULL AND (m.override_until IS NULL"
        "   OR m.override_until > now()) THEN m.override_tier_id ELSE m.tier_id END"
        "   FROM member_tier m WHERE m.tenant_id = $2 AND m.member_id = $1),"
        "  (SELECT id FROM tier WHERE tenant_id = $2 ORDER BY rank LIMIT 1))"
        " AND t.tenant_id = $2 WHERE p.tenant_id = $2",
        [member_id, required_tenant()],
    )
    row = rows[0]
    tier = Tier(
        id=row["id"],
        tenant_id=row["tenant_id"],
        name=row["name"],
        rank=row["rank"],
        threshold=row["threshold"],
        earn_multiplier=row["earn_multiplier"],
        birthday_multiplier=row["birthday_multiplier"],
    )
    multiplier = Fraction(tier.birthday_multiplier if birthday else tier.earn_multiplier)
    return Standing(tier, multiplier, Basis(row["basis"]))


async def evaluate(member_id: UUID, reason: str, now: datetime | None = None) -> Tier:
    """Upgrade the member at once if their progress reaches a higher tier; call in the scope."""
    now = now or utcnow()
    row = await _member_tier(member_id, lock=True)
    tiers = await Tier.all()
    current = _tier_of(tiers, _level_by_id(tiers, row.tier_id))
    assert current is not None  # noqa: S101 - a member's tier exists
    target = _tier_of(
        tiers, qualifying(_levels(tiers), await _progress(member_id, await TierPolicy.get(), now))
    )
    assert target is not None  # noqa: S101 - qualifying returns one of the tiers
    if target.rank > current.rank:
        await _move(row, current, target, reason, now)
    elif target.rank >= current.rank and row.below_since is not None:
        row.below_since = None
        await row.save(update_fields=["below_since"])
    return target if target.rank > current.rank else current


async def review_tiers(tenant_id: UUID, now: datetime | None = None) -> int:
    """The periodic review: members below their tier's threshold are moved down once they
    have stayed below it for the grace period; returns how many moved."""
    now = now or utcnow()
    moved = 0
    async with tenant_scope(tenant_id):
        policy = await TierPolicy.get()
        tiers = await Tier.all()
        for row in await MemberTier.select_for_update().all():
            current = _tier_of(tiers, _level_by_id(tiers, row.tier_id))
            target = _tier_of(
                tiers, qualifying(_levels(tiers), await _progress(row.member_id, policy, now))
            )
            assert current is not None and target is not None  # noqa: S101, PT018 - tiers exist
            if target.rank >= current.rank:
                if target.rank > current.rank:
                    await _move(row, current, target, "Qualified", now)
                continue
            if row.below_since is None:
                row.below_since = now
                await row.save(update_fields=["below_since"])
            elif now - row.below_since >= timedelta(days=policy.grace_days):
                await _move(row, current, target, "Review: below the threshold after grace", now)
                moved += 1
    return moved


async def set_member_tier(
    tenant_id: UUID, member_id: UUID, tier_id: UUID, until: datetime | None, reason: str
) -> MemberTier:
    """Staff puts a member in a tier until a date (or for good), whatever their progress.
    Putting them where they already are changes nothing (no history, no event)."""
    async with tenant_scope(tenant_id):
        if not await Member.exists(id=member_id):
            raise TierError(TierErrorCode.MEMBER_NOT_FOUND, "No such member.", "memberId")
        tier = await Tier.get_or_none(id=tier_id)
        if tier is None:
            raise TierError(TierErrorCode.TIER_NOT_FOUND, "No such tier.", "tierId")
        row = await _member_tier(member_id, lock=True)
        if (row.override_tier_id, row.override_until) == (tier.id, until):
            return row
        row.override_tier_id, row.override_until = tier.id, until
        await row.save(update_fields=["override_tier_id", "override_until"])
        await _record_change(row, row.tier_id, tier.id, f"Override: {reason.strip()[:180]}")
        return row


async def tier_history(tenant_id: UUID, member_id: UUID) -> list[TierChange]:
    async with tenant_scope(tenant_id):
        return await TierChange.filter(member_id=member_id).order_by("-id").limit(100)


async def list_tiers(tenant_id: UUID) -> list[Tier]:
    async with tenant_scope(tenant_id):
        return await Tier.all().order_by("rank")


@dataclass(frozen=True)
class TierSpec:
    name: str
    rank: int
    threshold: int
    earn_multiplier: str = "1"
    birthday_multiplier: str = "1"
    perks: list[str] | None = None


async def create_tier(tenant_id: UUID, spec: TierSpec, keyed: OptionalKey = UNKEYED) -> Tier:
    """Add a tier."""
    fields = tier_fields(spec)

    async def create() -> Tier:
        try:
            async with tenant_scope(tenant_id):
                return await Tier.create(tenant_id=tenant_id, **fields)
        except IntegrityError as exc:
            raise _rank_taken() from exc

    return await created_once(Tier, tenant_id, keyed, fields, create, TierError)


def _rank_taken() -> TierError:
    return TierError(TierErrorCode.RANK_TAKEN, "Another tier has this rank.", "rank")


async def update_tier(tenant_id: UUID, tier_id: UUID, spec: TierSpec) -> Tier:
    """Replace a tier's settings."""
    fields = tier_fields(spec)
    try:
        async with tenant_scope(tenant_id):
            tier = await Tier.select_for_update().get_or_none(id=tier_id)
            if tier is None:
                raise TierError(TierErrorCode.TIER_NOT_FOUND, "No such tier.", "tierId")
            tier.update_from_dict(fields)
            await tier.save()
            return tier
    except IntegrityError as exc:
        raise _rank_taken() from exc


async def get_policy(tenant_id: UUID) -> TierPolicy:
    """How the tenant's members qualify for tiers (every tenant has one from sign-up)."""
    async with tenant_scope(tenant_id):
        return await TierPolicy.get()


async def update_policy(
    tenant_id: UUID, basis: Basis, window: Window, months: int, grace_days: int
) -> TierPolicy:
    if not 1 <= months <= 60:
        raise TierError(TierErrorCode.INVALID_INPUT, "months must be 1-60.", "months")
    if not 0 <= grace_days <= 365:
        raise TierError(TierErrorCode.INVALID_INPUT, "graceDays must be 0-365.", "graceDays")
    async with tenant_scope(tenant_id):
        policy = await TierPolicy.select_for_update().get()
        policy.update_from_dict(
            {"basis": basis, "window": window, "months": months, "grace_days": grace_days}
        )
        await policy.save()
        return policy


def tier_fields(spec: TierSpec) -> dict[str, Any]:
    if not 1 <= len(spec.name.strip()) <= 100:
        raise TierError(TierErrorCode.INVALID_INPUT, "Name must be 1-100 characters.", "name")
    if spec.rank < 0 or spec.threshold < 0:
        raise TierError(
            TierErrorCode.INVALID_INPUT, "Rank and threshold must be 0 or more.", "threshold"
        )
    for field, value in (
        ("earnMultiplier", spec.earn_multiplier),
        ("birthdayMultiplier", spec.birthday_multiplier),
    ):
        try:
            ratio = Fraction(value)
        except (ValueError, ZeroDivisionError) as exc:
            raise TierError(TierErrorCode.INVALID_INPUT, "Use a decimal like 1.5.", field) from exc
        if not 1 <= ratio <= 10:
            raise TierError(TierErrorCode.INVALID_INPUT, "Use 1 to 10.", field)
    return {
        "name": spec.name.strip(),
        "rank": spec.rank,
        "threshold": spec.threshold,
        "earn_multiplier": spec.earn_multiplier,
        "birthday_multiplier": spec.birthday_multiplier,
        "perks": [perk.strip() for perk in spec.perks or [] if perk.strip()][:20],
    }


async def _member_tier(member_id: UUID, lock: bool = False) -> MemberTier:
    """The member's tier row, starting at the lowest tier."""
    query = MemberTier.select_for_update() if lock else MemberTier
    row = await query.get_or_none(member_id=member_id)
    if row is not None:
        return row
    lowest = await Tier.all().order_by("rank").first()
    assert lowest is not None  # noqa: S101 - every tenant has tiers
    member = await Member.get(id=member_id)
    await MemberTier.get_or_create(
        member_id=member_id,
        defaults={"tenant_id": member.tenant_id, "tier_id": lowest.id, "since": utcnow()},
    )
    return await query.get(member_id=member_id)


async def _progress(member_id: UUID, policy: TierPolicy, now: datetime) -> int:
    """Points earned (credits from ISSUANCE less clawbacks to it, by whole UTC days: the
    window's first day counts in full) or money spent in the window."""
    start = window_start(now, policy.window, policy.months, await zone_of(policy.tenant_id))
    connection = MemberTier._meta.db
    if policy.basis is Basis.FIAT_SPENT:
        rows = await connection.execute_query_dict(
            "SELECT coalesce(sum(amount - refunded_amount), 0) AS n FROM purchase"
            " WHERE tenant_id = $4 AND member_id = $1 AND occurred_at >= $2 AND occurred_at <= $3",
            [member_id, start, now, policy.tenant_id],
        )
    else:
        rows = await connection.execute_query_dict(
            _EARNED, [[member_id], start, now, None, policy.tenant_id]
        )
    return max(0, int(rows[0]["n"]))


# Per member in $1 of tenant $5: points earned on the UTC days from $2 to $3 (credits from
# ISSUANCE less clawbacks to it, summed by day in `member_earned_day`, which the database keeps
# with every transfer; null for members in tier $4), and the member's tier row's tier (null
# before one).
_EARNED = (
    "SELECT m.id AS member_id, mt.tier_id,"
    " CASE WHEN mt.tier_id = $4::uuid THEN NULL ELSE coalesce(e.n, 0) END AS n"
    " FROM unnest($1::uuid[]) AS m(id)"
    " LEFT JOIN member_tier mt ON mt.tenant_id = $5 AND mt.member_id = m.id"
    " LEFT JOIN (SELECT member_id, sum(points) AS n FROM member_earned_day"
    "  WHERE tenant_id = $5 AND member_id = ANY($1::uuid[])"
    "  AND day BETWEEN ($2::timestamptz AT TIME ZONE 'UTC')::date"
    "  AND ($3::timestamptz AT TIME ZONE 'UTC')::date GROUP BY member_id) e"
    " ON e.member_id = m.id"
)


async def _move(row: MemberTier, current: Tier, target: Tier, reason: str, now: datetime) -> None:
    row.tier_id, row.since, row.below_since = target.id, now, None
    await row.save(update_fields=["tier_id", "since", "below_since"])
    await _record_change(row, current.id, target.id, reason)


_tier_changed: Hooks[[UUID, UUID]] = Hooks()

# Run `hook(tenant_id, member_id)` in the transaction that moves a member's tier (for layers
# above tiers: achievements for reaching a tier).
on_tier_changed = _tier_changed.register


async def _record_change(row: MemberTier, from_tier: UUID, to_tier: UUID, reason: str) -> None:
    """The history entry, and the tier.changed webhook event, of a member's new tier."""
    await TierChange.create(
        tenant_id=row.tenant_id, member_id=row.member_id, from_tier_id=from_tier,
        to_tier_id=to_tier, reason=reason,
    )  # fmt: skip
    data = {
        "member_id": str(row.member_id),
        "from_tier_id": str(from_tier),
        "to_tier_id": str(to_tier),
        "reason": reason,
    }
    await emit(row.tenant_id, "tier.changed", data)
    await _tier_changed.run(row.tenant_id, row.member_id)


def _effective(row: MemberTier, tiers: list[Tier], now: datetime) -> Tier:
    overriding = row.override_tier_id is not None and (
        row.override_until is None or row.override_until > now
    )
    wanted = row.override_tier_id if overriding else row.tier_id
    return next(tier for tier in tiers if tier.id == wanted)


def _levels(tiers: list[Tier]) -> list[Level]:
    return [_level(tier) for tier in tiers]


def _level(tier: Tier) -> Level:
    return Level(tier.id, tier.rank, tier.threshold)


def _level_by_id(tiers: list[Tier], tier_id: UUID) -> Level:
    return next(_level(tier) for tier in tiers if tier.id == tier_id)


def _tier_of(tiers: list[Tier], level: Level | None) -> Tier | None:
    return None if level is None else next(tier for tier in tiers if tier.id == level.id)
