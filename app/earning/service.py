"""Earning use cases: the tenant's rules and campaigns, purchases, refunds, previews."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from math import floor
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.idempotency import applied_once, request_hash
from app.core.metrics import counted_job
from app.core.money import minor_units_per_unit
from app.earning import rules
from app.earning.config import EarningConfig, bump, earning_config
from app.earning.debts import add_debt, repay_debt
from app.earning.errors import EarningError, EarningErrorCode
from app.earning.events import reward_referral
from app.earning.models import (
    Campaign,
    ClawbackPolicy,
    EarningSettings,
    EarnRule,
    EarnRuleKind,
    PurchaseRecord,
    PurchaseStatus,
    Status,
)
from app.ledger.commands import Award, Clawback, PendingAward, PostHold, VoidHold
from app.ledger.errors import LedgerError, into_domain
from app.ledger.models import Currency
from app.ledger.service import JournalRequest, post_journal
from app.members.models import Member, MemberStatus
from app.tiers.models import Basis
from app.tiers.service import evaluate, tier_standing

Budgeted = TypeVar("Budgeted", EarnRule, Campaign)
_fiat_by_tenant: dict[UUID, str] = {}

EARNING_ACTOR = "system:earning"

# A pending purchase hold outlives its return window by this much, so the release job has time.
HOLD_GRACE = timedelta(days=30)
MAX_ORDER_ID = 128
MAX_ITEMS = 500


@dataclass(frozen=True)
class PurchaseRequest:
    member_id: UUID | None
    external_member_id: str | None
    order_id: str
    amount: int
    currency: str
    items: tuple[rules.Item, ...]
    occurred_at: datetime


@dataclass(frozen=True)
class RecordedPurchase:
    purchase: PurchaseRecord
    replayed: bool


async def open_earning(tenant_id: UUID, currency: Currency) -> None:
    """Default earning for a new tenant: 1 point per unit of its fiat currency, 7-day returns."""
    await EarningSettings.create(tenant_id=tenant_id)
    await EarnRule.create(
        tenant_id=tenant_id,
        kind=EarnRuleKind.PURCHASE,
        name=f"1 point per 1 {currency.fiat_currency}",
        config={"points_per_unit": "1"},
    )


async def preview_earn(tenant_id: UUID, request: PurchaseRequest) -> rules.Breakdown:
    """What `record_purchase` would award, moving nothing."""
    _check(request)
    async with tenant_scope(tenant_id):
        member = await _member(request)
        config = await earning_config(tenant_id)
        return (await _breakdown(tenant_id, request, member, config, lock=False)).breakdown


async def record_purchase(
    tenant_id: UUID, request: PurchaseRequest, actor: str, idempotency_key: str
) -> RecordedPurchase:
    """Record an order and promise its points until the return window closes. Idempotent by
    order id: the same order again returns the first record."""
    _check(request)
    try:
        async with tenant_scope(tenant_id):
            return RecordedPurchase(
                await _record(tenant_id, request, actor, idempotency_key), replayed=False
            )
    except IntegrityError:
        # The order was recorded before (or by a concurrent request, whose insert we waited
        # for): everything this attempt wrote is rolled back; answer as a replay.
        async with tenant_scope(tenant_id):
            existing = await PurchaseRecord.get_or_none(order_id=request.order_id)
        if existing is None:
            raise
        return RecordedPurchase(_same_order(existing, request), replayed=True)


async def _record(
    tenant_id: UUID, request: PurchaseRequest, actor: str, idempotency_key: str
) -> PurchaseRecord:
    member = await _member(request, lock=True)
    if member.status is MemberStatus.BLOCKED:
        raise EarningError(
            EarningErrorCode.MEMBER_BLOCKED, "Blocked members earn nothing.", "memberId"
        )
    config = await earning_config(tenant_id)
    settings = config.settings
    priced = await _breakdown(tenant_id, request, member, config, lock=True)
    breakdown = priced.breakdown
    await _spend_budgets(breakdown, priced.budgeted)
    purchase = PurchaseRecord(
        tenant_id=tenant_id,
        member_id=member.id,
        order_id=request.order_id,
        amount=request.amount,
        currency=request.currency,
        items=[_item_json(item) for item in request.items],
        occurred_at=request.occurred_at,
        points=breakdown.total,
        breakdown=breakdown.as_json(),
        release_at=utcnow() + timedelta(days=settings.return_window_days),
    )
    if breakdown.total:
        metadata = {"order_id": request.order_id, "breakdown": purchase.breakdown}
        reason = f"Purchase {request.order_id}"
        if settings.return_window_days:
            seconds = int((purchase.release_at - utcnow() + HOLD_GRACE).total_seconds())
            command: Award | PendingAward = PendingAward(
                member.id, breakdown.total, reason, seconds, "PURCHASE_PENDING", metadata
            )
        else:
            command = Award(member.id, breakdown.total, reason, code="PURCHASE", metadata=metadata)
            purchase.status = PurchaseStatus.RELEASED
        result = await _ledger(tenant_id, command, actor, idempotency_key)
        purchase.hold_id = result.hold_id
        if config.referral_active:
            await reward_referral(tenant_id, member)
    else:
        purchase.status = PurchaseStatus.RELEASED
    await purchase.save()
    if purchase.status is PurchaseStatus.RELEASED and breakdown.total:
        await repay_debt(tenant_id, member.id)
    if priced.tier_basis is Basis.FIAT_SPENT:
        await evaluate(member.id, f"Purchase {request.order_id}")
    return purchase


@dataclass(frozen=True)
class RefundRequest:
    """What came back: an amount in minor units, or items by sku and quantity (valued at their
    share of what the customer paid)."""

    order_id: str
    amount: int | None = None
    items: tuple[tuple[str, int], ...] = ()


async def refund_purchase(
    tenant_id: UUID, request: RefundRequest, actor: str, idempotency_key: str
) -> PurchaseRecord:
    """Take back the points of what was refunded, in proportion: pending points are voided,
    released ones clawed back (what the member already spent is booked as the merchant's loss,
    or owed under REPAY_FIRST). Idempotent by key: a repeat answers with the order as it is."""
    fingerprint = request_hash("refund_purchase", vars(request))
    async with tenant_scope(tenant_id) as connection:

        async def effect() -> dict[str, Any]:
            purchase = await _refund(tenant_id, request, actor, idempotency_key)
            return {"purchase_id": str(purchase.id)}

        applied = await applied_once(
            connection, tenant_id, actor, idempotency_key, fingerprint, effect, EarningError
        )
    async with tenant_scope(tenant_id):
        return await PurchaseRecord.get(id=UUID(applied.response["purchase_id"]))


async def _refund(
    tenant_id: UUID, request: RefundRequest, actor: str, idempotency_key: str
) -> PurchaseRecord:
    purchase = await PurchaseRecord.select_for_update().get_or_none(order_id=request.order_id)
    if purchase is None:
        raise EarningError(EarningErrorCode.ORDER_NOT_FOUND, "No such order.", "orderId")
    amount = request.amount if request.amount is not None else _items_value(purchase, request.items)
    left = purchase.amount - purchase.refunded_amount
    if left == 0:
        raise EarningError(EarningErrorCode.NOTHING_TO_REFUND, "Already fully refunded.", "orderId")
    if not 0 < amount <= left:
        raise EarningError(
            EarningErrorCode.INVALID_AMOUNT, f"Refund 1 to {left} minor units.", "amount"
        )
    refunded = purchase.refunded_amount + amount
    # Cumulative and rounded down, so partial refunds never take back more than the whole.
    owed = purchase.points * refunded // purchase.amount if purchase.amount else 0
    take = owed - purchase.refunded_points
    if take:
        await _take_back(tenant_id, purchase, take, actor, idempotency_key)
    purchase.refunded_amount = refunded
    purchase.refunded_points = owed
    if refunded == purchase.amount:
        purchase.status = PurchaseStatus.REFUNDED
    await purchase.save()
    return purchase


async def _take_back(
    tenant_id: UUID, purchase: PurchaseRecord, take: int, actor: str, key: str
) -> None:
    reason = f"Refund of {purchase.order_id}"
    metadata = {"order_id": purchase.order_id}
    if purchase.status is PurchaseStatus.PENDING and purchase.hold_id is not None:
        await _ledger(tenant_id, VoidHold(purchase.hold_id, reason), actor, f"{key}:void")
        still = purchase.points - purchase.refunded_points - take
        purchase.hold_id = None
        if still:
            seconds = int((purchase.release_at - utcnow() + HOLD_GRACE).total_seconds())
            command = PendingAward(
                purchase.member_id, still, f"Purchase {purchase.order_id}", seconds,
                "PURCHASE_PENDING", metadata,
            )  # fmt: skip
            purchase.hold_id = (await _ledger(tenant_id, command, actor, f"{key}:hold")).hold_id
        return
    clawback = Clawback(purchase.member_id, take, reason, metadata=metadata)
    result = await _ledger(tenant_id, clawback, actor, f"{key}:clawback")
    settings = await EarningSettings.get(tenant_id=tenant_id)
    if result.shortfall and settings.clawback_policy is ClawbackPolicy.REPAY_FIRST:
        await add_debt(tenant_id, purchase.member_id, result.shortfall)


@counted_job("release_purchases")
async def release_due_purchases(tenant_id: UUID, limit: int = 200) -> int:
    """Make the points of purchases whose return window closed spendable; returns how many."""
    async with tenant_scope(tenant_id):
        due = (
            await PurchaseRecord.select_for_update()
            .filter(status=PurchaseStatus.PENDING, release_at__lte=utcnow())
            .order_by("release_at")
            .limit(limit)
        )
        for purchase in due:
            if purchase.hold_id is not None:
                await _release(tenant_id, purchase)
            purchase.status = PurchaseStatus.RELEASED
            await purchase.save(update_fields=["status"])
            await repay_debt(tenant_id, purchase.member_id)
            await evaluate(purchase.member_id, f"Purchase {purchase.order_id}")
    return len(due)


async def _release(tenant_id: UUID, purchase: PurchaseRecord) -> None:
    """Post the purchase's pending points. A hold past its own expiry (the release job was
    down for longer than the grace) can no longer post: void it and award the points instead,
    so a member never loses points to a late job and one late hold never blocks the batch."""
    assert purchase.hold_id is not None  # noqa: S101 - checked by the caller
    reason = f"Return window of {purchase.order_id} closed"
    key = f"release:{purchase.id}"
    try:
        await _ledger(tenant_id, PostHold(purchase.hold_id, reason=reason), EARNING_ACTOR, key)
    except EarningError as refusal:
        if refusal.code is not EarningErrorCode.HOLD_EXPIRED:
            raise
        await _ledger(tenant_id, VoidHold(purchase.hold_id, reason), EARNING_ACTOR, f"{key}:void")
        points = purchase.points - purchase.refunded_points
        award = Award(
            purchase.member_id,
            points,
            reason,
            code="PURCHASE",
            metadata={"order_id": purchase.order_id},
        )
        await _ledger(tenant_id, award, EARNING_ACTOR, f"{key}:award")


async def _ledger(tenant_id: UUID, command: Any, actor: str, key: str) -> Any:
    try:
        request = JournalRequest(command, actor, key, report_balances=False)
        return await post_journal(tenant_id, request)
    except LedgerError as refusal:
        raise into_domain(refusal, EarningError) from refusal


async def _member(request: PurchaseRequest, lock: bool = False) -> Member:
    """The purchase's member; locked when recording, so one member's purchases are priced one
    at a time (per-member campaign caps count what the previous one gave)."""
    query = Member.select_for_update() if lock else Member
    if request.member_id is not None:
        member = await query.get_or_none(id=request.member_id)
    else:
        member = await query.get_or_none(external_id=request.external_member_id)
    if member is None:
        raise EarningError(EarningErrorCode.MEMBER_NOT_FOUND, "No such member.", "memberId")
    return member


@dataclass(frozen=True)
class Priced:
    breakdown: rules.Breakdown
    budgeted: frozenset[UUID]
    tier_basis: Basis


async def _breakdown(
    tenant_id: UUID,
    request: PurchaseRequest,
    member: Member,
    config: EarningConfig,
    lock: bool,
) -> Priced:
    fiat = await _fiat_currency(tenant_id)
    if request.currency != fiat:
        raise EarningError(
            EarningErrorCode.WRONG_CURRENCY,
            f"This merchant's purchases are in {fiat}.",
            "amount.currency",
        )
    at = request.occurred_at
    rows = [r for r in config.purchase_rules if _in_window(r.starts_at, r.ends_at, at)]
    campaign_rows = [c for c in config.campaigns if c.starts_at <= at < c.ends_at]
    # Budgets are spent by concurrent purchases: budgeted rows are read afresh (under a lock,
    # rules then campaigns, each in id order, when recording); the others come from the cache.
    rows = [await _fresh_if_budgeted(EarnRule, row, lock) for row in rows]
    campaign_rows = [await _fresh_if_budgeted(Campaign, row, lock) for row in campaign_rows]
    campaigns = [_campaign(c, await _member_room(member.id, c)) for c in campaign_rows]
    budgeted = frozenset(
        [r.id for r in rows if r.budget_points is not None]
        + [c.id for c in campaign_rows if c.budget_points is not None]
    )
    minor = minor_units_per_unit(fiat)
    purchase = rules.Purchase(request.amount, request.items, at)
    standing = await tier_standing(member.id)
    lines: list[rules.Line] = []
    for row in rows:
        rule = _purchase_rule(row, minor)
        lines += rules.purchase_breakdown(
            purchase,
            rule,
            campaigns if not lines else [],
            config.settings.stacking,
            standing.tier.id,
        ).lines
    base = sum(line.points for line in lines if line.source == "RULE")
    extra = floor(base * (standing.multiplier - 1))
    if extra > 0:
        tier = standing.tier
        lines.append(rules.Line(tier.id, "TIER", f"{tier.name} x{tier.earn_multiplier}", extra))
    return Priced(rules.Breakdown(tuple(lines)), budgeted, standing.basis)


async def _fiat_currency(tenant_id: UUID) -> str:
    """The tenant's fiat currency, which never changes once the tenant exists."""
    fiat = _fiat_by_tenant.get(tenant_id)
    if fiat is None:
        fiat = (await Currency.get(tenant_id=tenant_id)).fiat_currency
        _fiat_by_tenant[tenant_id] = fiat
    return fiat


async def _fresh_if_budgeted(model: type[Budgeted], row: Budgeted, lock: bool) -> Budgeted:
    if row.budget_points is None:
        return row
    return await (model.select_for_update() if lock else model).get(id=row.id)


async def _spend_budgets(breakdown: rules.Breakdown, budgeted: frozenset[UUID]) -> None:
    """Count points against budgets. Only budgeted rows are counted: a counter on every rule
    would make each rule's row a lock all purchases queue on."""
    for line in breakdown.lines:
        if line.source_id not in budgeted:
            continue
        model = EarnRule if line.source == "RULE" else Campaign
        await model.filter(id=line.source_id).update(
            awarded_points=F("awarded_points") + line.points
        )


def _purchase_rule(row: EarnRule, minor_per_unit: int) -> rules.PurchaseRule:
    config = row.config
    remaining = None if row.budget_points is None else row.budget_points - row.awarded_points
    return rules.PurchaseRule(
        id=row.id,
        name=row.name,
        points_per_unit=Fraction(config.get("points_per_unit", "1")),
        minor_per_unit=minor_per_unit,
        min_order=int(config.get("min_order", 0)),
        category_multipliers={
            k: Fraction(v) for k, v in config.get("category_multipliers", {}).items()
        },
        tag_multipliers={k: Fraction(v) for k, v in config.get("tag_multipliers", {}).items()},
        excluded_categories=frozenset(config.get("excluded_categories", [])),
        remaining=remaining,
    )


async def _member_room(member_id: UUID, campaign: Campaign) -> int | None:
    """What the campaign may still give this member under its per-member cap."""
    if campaign.per_member_cap is None:
        return None
    rows = await PurchaseRecord._meta.db.execute_query_dict(
        "SELECT coalesce(sum((line->>'points')::bigint), 0) AS given FROM purchase p,"
        " jsonb_array_elements(p.breakdown) line WHERE p.member_id = $1"
        " AND line->>'source_id' = $2",
        [member_id, str(campaign.id)],
    )
    return max(0, int(campaign.per_member_cap) - int(rows[0]["given"]))


def _campaign(row: Campaign, member_room: int | None = None) -> rules.Campaign:
    remaining = None if row.budget_points is None else row.budget_points - row.awarded_points
    if member_room is not None:
        remaining = member_room if remaining is None else min(remaining, member_room)
    return rules.Campaign(
        id=row.id,
        name=row.name,
        kind=row.kind,
        multiplier=Fraction(row.multiplier),
        bonus=row.bonus_points,
        categories=frozenset(row.categories),
        tags=frozenset(row.tags),
        tiers=frozenset(UUID(tier) for tier in row.tier_ids),
        remaining=remaining,
    )


def _in_window(starts_at: datetime | None, ends_at: datetime | None, at: datetime) -> bool:
    return (starts_at is None or starts_at <= at) and (ends_at is None or at < ends_at)


def _check(request: PurchaseRequest) -> None:
    if not 1 <= len(request.order_id) <= MAX_ORDER_ID:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "orderId must be 1-128 characters.", "orderId"
        )
    if request.amount < 0 or request.amount > 2**53 - 1:
        raise EarningError(
            EarningErrorCode.INVALID_AMOUNT, "Amount must be 0 or more.", "amount.amount"
        )
    if (request.member_id is None) == (request.external_member_id is None):
        raise EarningError(
            EarningErrorCode.INVALID_INPUT,
            "Give exactly one of memberId, externalMemberId.",
            "memberId",
        )
    if len(request.items) > MAX_ITEMS:
        raise EarningError(EarningErrorCode.INVALID_INPUT, f"At most {MAX_ITEMS} items.", "items")
    for item in request.items:
        if item.quantity <= 0 or item.unit_price < 0:
            raise EarningError(
                EarningErrorCode.INVALID_INPUT,
                "Items need a positive quantity and a price of 0 or more.",
                "items",
            )


def _same_order(existing: PurchaseRecord, request: PurchaseRequest) -> PurchaseRecord:
    if existing.amount != request.amount or (
        request.member_id is not None and existing.member_id != request.member_id
    ):
        raise EarningError(
            EarningErrorCode.ORDER_ALREADY_RECORDED,
            "This order id was recorded with a different member or amount.",
            "orderId",
        )
    return existing


def _items_value(purchase: PurchaseRecord, returned: tuple[tuple[str, int], ...]) -> int:
    """What returned items were worth of the amount paid (their share, rounded down)."""
    listed = sum(item["unit_price"] * item["quantity"] for item in purchase.items)
    by_sku = {item["sku"]: item for item in purchase.items}
    value = 0
    for sku, quantity in returned:
        item = by_sku.get(sku)
        if item is None or not 0 < quantity <= item["quantity"]:
            raise EarningError(
                EarningErrorCode.INVALID_INPUT, f"The order has no {quantity} x {sku!r}.", "items"
            )
        value += item["unit_price"] * quantity
    return value * purchase.amount // listed if listed else 0


def _item_json(item: rules.Item) -> dict[str, Any]:
    return {
        "sku": item.sku,
        "category": item.category,
        "tags": sorted(item.tags),
        "unit_price": item.unit_price,
        "quantity": item.quantity,
    }


@dataclass(frozen=True)
class PurchaseRuleSpec:
    """A purchase rule as merchants write it; decimals as strings, money in minor units."""

    name: str
    points_per_unit: str = "1"
    min_order: int = 0
    category_multipliers: dict[str, str] | None = None
    tag_multipliers: dict[str, str] | None = None
    excluded_categories: list[str] | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    budget_points: int | None = None


@dataclass(frozen=True)
class CampaignSpec:
    name: str
    kind: rules.CampaignKind
    starts_at: datetime
    ends_at: datetime
    multiplier: str = "1"
    bonus_points: int = 0
    categories: list[str] | None = None
    tags: list[str] | None = None
    tier_ids: list[UUID] | None = None
    budget_points: int | None = None
    per_member_cap: int | None = None


async def create_purchase_rule(tenant_id: UUID, spec: PurchaseRuleSpec) -> EarnRule:
    """Add a purchase rule; it applies to purchases that occur inside its window."""
    fields = _rule_fields(spec)
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        return await EarnRule.create(tenant_id=tenant_id, kind=EarnRuleKind.PURCHASE, **fields)


async def update_purchase_rule(tenant_id: UUID, rule_id: UUID, spec: PurchaseRuleSpec) -> EarnRule:
    fields = _rule_fields(spec)
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        rule = await EarnRule.select_for_update().get_or_none(id=rule_id)
        if rule is None:
            raise EarningError(EarningErrorCode.RULE_NOT_FOUND, "No such rule.", "ruleId")
        rule.update_from_dict(fields)
        await rule.save()
        return rule


async def archive_rule(tenant_id: UUID, rule_id: UUID) -> EarnRule:
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        rule = await EarnRule.select_for_update().get_or_none(id=rule_id)
        if rule is None:
            raise EarningError(EarningErrorCode.RULE_NOT_FOUND, "No such rule.", "ruleId")
        if rule.status is Status.ARCHIVED:
            raise EarningError(EarningErrorCode.ALREADY_IN_STATE, "Already archived.", "ruleId")
        rule.status = Status.ARCHIVED
        await rule.save()
        return rule


async def create_campaign(tenant_id: UUID, spec: CampaignSpec) -> Campaign:
    """Add a campaign; it applies to purchases inside its window, until its budget runs out."""
    fields = _campaign_fields(spec)
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        return await Campaign.create(tenant_id=tenant_id, **fields)


async def update_campaign(tenant_id: UUID, campaign_id: UUID, spec: CampaignSpec) -> Campaign:
    fields = _campaign_fields(spec)
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        campaign = await _locked_campaign(campaign_id)
        campaign.update_from_dict(fields)
        await campaign.save()
        return campaign


async def end_campaign(tenant_id: UUID, campaign_id: UUID) -> Campaign:
    """Stop a campaign now; points it already gave stay."""
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        campaign = await _locked_campaign(campaign_id)
        if campaign.status is Status.ARCHIVED:
            raise EarningError(EarningErrorCode.ALREADY_IN_STATE, "Already ended.", "campaignId")
        campaign.status = Status.ARCHIVED
        campaign.ends_at = min(
            campaign.ends_at, max(utcnow(), campaign.starts_at + timedelta(seconds=1))
        )
        await campaign.save()
        return campaign


async def list_rules(tenant_id: UUID) -> list[EarnRule]:
    async with tenant_scope(tenant_id):
        return await EarnRule.all().order_by("id")


async def list_campaigns(tenant_id: UUID) -> list[Campaign]:
    async with tenant_scope(tenant_id):
        return await Campaign.all().order_by("id")


async def get_purchase(tenant_id: UUID, order_id: str) -> PurchaseRecord | None:
    async with tenant_scope(tenant_id):
        return await PurchaseRecord.get_or_none(order_id=order_id)


async def get_settings(tenant_id: UUID) -> EarningSettings:
    async with tenant_scope(tenant_id):
        return await EarningSettings.get(tenant_id=tenant_id)


@dataclass(frozen=True)
class SettingsSpec:
    return_window_days: int
    stacking: rules.Stacking
    time_zone: str
    daily_points_cap: int | None
    clawback_policy: ClawbackPolicy = ClawbackPolicy.WRITE_OFF


async def update_settings(tenant_id: UUID, spec: SettingsSpec) -> EarningSettings:
    """Change the return window (for purchases recorded from now on), campaign stacking, the
    time zone days are counted in, and the cap on points one member earns in a day."""
    if not 0 <= spec.return_window_days <= 365:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "Return window is 0-365 days.", "returnWindowDays"
        )
    try:
        ZoneInfo(spec.time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "Unknown time zone.", "timeZone"
        ) from exc
    if spec.daily_points_cap is not None and spec.daily_points_cap <= 0:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "The cap must be positive.", "dailyPointsCap"
        )
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        settings = await EarningSettings.select_for_update().get(tenant_id=tenant_id)
        settings.update_from_dict(vars(spec))
        await settings.save()
        return settings


async def _locked_campaign(campaign_id: UUID) -> Campaign:
    campaign = await Campaign.select_for_update().get_or_none(id=campaign_id)
    if campaign is None:
        raise EarningError(EarningErrorCode.CAMPAIGN_NOT_FOUND, "No such campaign.", "campaignId")
    return campaign


def _rule_fields(spec: PurchaseRuleSpec) -> dict[str, Any]:
    _name(spec.name)
    _window(spec.starts_at, spec.ends_at, required=False)
    _budget(spec.budget_points)
    if spec.min_order < 0:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "minOrder must be 0 or more.", "minOrder"
        )
    multipliers = {
        "category_multipliers": spec.category_multipliers or {},
        "tag_multipliers": spec.tag_multipliers or {},
    }
    config: dict[str, Any] = {
        "points_per_unit": _ratio(spec.points_per_unit, "pointsPerUnit"),
        "min_order": spec.min_order,
        "excluded_categories": sorted(set(spec.excluded_categories or [])),
    }
    for field, values in multipliers.items():
        config[field] = {key: _ratio(value, field) for key, value in values.items()}
    return {
        "name": spec.name.strip(),
        "config": config,
        "starts_at": spec.starts_at,
        "ends_at": spec.ends_at,
        "budget_points": spec.budget_points,
    }


def _campaign_fields(spec: CampaignSpec) -> dict[str, Any]:
    _name(spec.name)
    _window(spec.starts_at, spec.ends_at, required=True)
    _budget(spec.budget_points)
    if spec.per_member_cap is not None and not 0 < spec.per_member_cap <= 2**53 - 1:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "A cap must be positive.", "perMemberCap"
        )
    multiplier = _ratio(spec.multiplier, "multiplier")
    if spec.kind is rules.CampaignKind.MULTIPLIER and Fraction(multiplier) <= 1:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "A multiplier must exceed 1.", "multiplier"
        )
    if spec.kind is rules.CampaignKind.BONUS and not 0 < spec.bonus_points <= 2**53 - 1:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "A bonus must be positive.", "bonusPoints"
        )
    return {
        "name": spec.name.strip(),
        "kind": spec.kind,
        "multiplier": multiplier,
        "bonus_points": spec.bonus_points,
        "categories": sorted(set(spec.categories or [])),
        "tags": sorted(set(spec.tags or [])),
        "tier_ids": sorted({str(tier) for tier in spec.tier_ids or []}),
        "per_member_cap": spec.per_member_cap,
        "starts_at": spec.starts_at,
        "ends_at": spec.ends_at,
        "budget_points": spec.budget_points,
    }


def _ratio(value: str, field: str) -> str:
    """A non-negative decimal as its exact string, e.g. "1.5"; never a float."""
    try:
        ratio = Fraction(value.strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, f"{value!r} is not a decimal number.", field
        ) from exc
    if ratio < 0 or ratio > 1000:
        raise EarningError(EarningErrorCode.INVALID_INPUT, "Use 0 to 1000.", field)
    return value.strip()


def _name(name: str) -> None:
    if not 1 <= len(name.strip()) <= 200:
        raise EarningError(EarningErrorCode.INVALID_INPUT, "Name must be 1-200 characters.", "name")


def _window(starts_at: datetime | None, ends_at: datetime | None, required: bool) -> None:
    if required and (starts_at is None or ends_at is None):
        raise EarningError(EarningErrorCode.INVALID_INPUT, "Give startsAt and endsAt.", "endsAt")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "endsAt must be after startsAt.", "endsAt"
        )


def _budget(budget: int | None) -> None:
    if budget is not None and not 0 < budget <= 2**53 - 1:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "A budget must be positive.", "budgetPoints"
        )


@dataclass(frozen=True)
class OccasionRuleSpec:
    """A rule for something other than a purchase. `points` is what one occasion pays (for
    CHECK_IN, `schedule` instead; for REFERRAL, `referrer_points` and `referee_points`)."""

    kind: EarnRuleKind
    name: str
    points: int = 0
    schedule: list[int] | None = None
    event_code: str | None = None
    whole_month: bool = False
    referrer_points: int = 0
    referee_points: int = 0
    daily_cap_per_member: int | None = None
    member_limit: int | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    budget_points: int | None = None


async def create_occasion_rule(tenant_id: UUID, spec: OccasionRuleSpec) -> EarnRule:
    """Add a sign-up, profile, birthday, check-in, event or referral rule."""
    fields = _occasion_fields(spec)
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        return await EarnRule.create(tenant_id=tenant_id, kind=spec.kind, **fields)


async def update_occasion_rule(tenant_id: UUID, rule_id: UUID, spec: OccasionRuleSpec) -> EarnRule:
    fields = _occasion_fields(spec)
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        rule = await EarnRule.select_for_update().get_or_none(id=rule_id)
        if rule is None or rule.kind is not spec.kind:
            raise EarningError(
                EarningErrorCode.RULE_NOT_FOUND, "No such rule of this kind.", "ruleId"
            )
        rule.update_from_dict(fields)
        await rule.save()
        return rule


def _occasion_fields(spec: OccasionRuleSpec) -> dict[str, Any]:
    _name(spec.name)
    _window(spec.starts_at, spec.ends_at, required=False)
    _budget(spec.budget_points)
    config: dict[str, Any] = {}
    if spec.kind is EarnRuleKind.PURCHASE:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "Purchase rules take `purchase`.", "kind"
        )
    if spec.kind is EarnRuleKind.CHECK_IN:
        schedule = spec.schedule or []
        if not 1 <= len(schedule) <= 31 or any(not 0 <= p <= 1_000_000 for p in schedule):
            raise EarningError(
                EarningErrorCode.INVALID_INPUT, "A schedule of 1-31 point amounts.", "schedule"
            )
        config["schedule"] = schedule
    elif spec.kind is EarnRuleKind.REFERRAL:
        for field, value in (
            ("referrerPoints", spec.referrer_points),
            ("refereePoints", spec.referee_points),
        ):
            if not 0 <= value <= 1_000_000:
                raise EarningError(
                    EarningErrorCode.INVALID_INPUT, "Use 0 to 1,000,000 points.", field
                )
        config |= {"referrer_points": spec.referrer_points, "referee_points": spec.referee_points}
    else:
        if not 0 < spec.points <= 1_000_000:
            raise EarningError(
                EarningErrorCode.INVALID_INPUT, "Use 1 to 1,000,000 points.", "points"
            )
        config["points"] = spec.points
    if spec.kind is EarnRuleKind.EVENT:
        code = (spec.event_code or "").strip()
        if not 1 <= len(code) <= 64:
            raise EarningError(
                EarningErrorCode.INVALID_INPUT, "Events need a code of 1-64 chars.", "eventCode"
            )
        config["code"] = code
    if spec.kind is EarnRuleKind.BIRTHDAY:
        config["whole_month"] = spec.whole_month
    for key, field, cap in (
        ("daily_cap_per_member", "dailyCapPerMember", spec.daily_cap_per_member),
        ("member_limit", "memberLimit", spec.member_limit),
    ):
        if cap is not None:
            if cap <= 0:
                raise EarningError(EarningErrorCode.INVALID_INPUT, "Caps must be positive.", field)
            config[key] = cap
    return {
        "name": spec.name.strip(),
        "config": config,
        "starts_at": spec.starts_at,
        "ends_at": spec.ends_at,
        "budget_points": spec.budget_points,
    }
