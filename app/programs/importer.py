"""A programme document applied to a merchant: checked whole first (every section through the
same rules as the API's own mutations), then applied in one transaction, or only described
(`dry_run`).

What it changes: the earning settings, points policy and tier policy are replaced; tiers are
matched by rank (updated, or added); earning rules by kind and name and campaigns by name
(updated, added, and the merchant's live ones the document lacks archived, so the programme
earns exactly as the document says); rewards by name (details updated, keeping their stock and
status; new ones arrive as DRAFT with no stock, for the merchant to stock and publish). Tiers
and rewards the document lacks are kept: members hold them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import partial
from typing import Any
from uuid import UUID

from app.catalog import service as catalog
from app.catalog.errors import CatalogError
from app.catalog.models import Reward, RewardStatus, RewardType
from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.errors import DomainError
from app.earning import programme as earning
from app.earning.errors import EarningError
from app.earning.models import Campaign, ClawbackPolicy, EarnRule, EarnRuleKind, Status
from app.earning.rules import CampaignKind, RuleCombination, Stacking
from app.earning.specs import (
    CampaignSpec,
    OccasionRuleSpec,
    PurchaseRuleSpec,
    SettingsSpec,
    campaign_fields,
    occasion_fields,
    rule_fields,
)
from app.ledger.errors import LedgerError
from app.ledger.policy import ExpiryKind, ExpiryPolicy, PointsRules, RestoreRule
from app.ledger.service import get_points_rules, update_points_rules
from app.programs.document import FORMAT, VERSION
from app.programs.errors import ProgramError, ProgramErrorCode
from app.tiers import service as tiers
from app.tiers.errors import TierError
from app.tiers.models import Basis, Tier, Window

MAX_ITEMS = 500


class Action(StrEnum):
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    ARCHIVE = "ARCHIVE"
    KEEP = "KEEP"


@dataclass(frozen=True)
class Change:
    section: str
    name: str
    action: Action


@dataclass
class Plan:
    """What applying the document does, step by step (each step's effect already checked)."""

    changes: list[Change] = field(default_factory=list)
    steps: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)

    def add(
        self,
        section: str,
        name: str,
        action: Action,
        step: Callable[[], Awaitable[Any]] | None = None,
    ) -> None:
        self.changes.append(Change(section, name, action))
        if step is not None:
            self.steps.append(step)


def _refused(message: str, path: str) -> ProgramError:
    return ProgramError(ProgramErrorCode.INVALID_DOCUMENT, message, path)


def _list(document: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = document.get(name, [])
    if (
        not isinstance(items, list)
        or len(items) > MAX_ITEMS
        or not all(isinstance(item, dict) for item in items)
    ):
        raise _refused(f"{name} must be a list of at most {MAX_ITEMS} objects.", name)
    return items


def _time(value: Any, path: str) -> datetime | None:
    if value is None:
        return None
    try:
        at = datetime.fromisoformat(str(value))
    except ValueError:
        raise _refused("Not an ISO 8601 time.", path) from None
    if at.tzinfo is None:
        raise _refused("A time needs its UTC offset.", path)
    return at


def _checked(error: DomainError, path: str) -> ProgramError:
    """A section's refusal by its own rules, named by where it is in the document."""
    return _refused(error.message, f"{path}.{error.field}" if error.field else path)


async def import_program(tenant_id: UUID, document: Any, dry_run: bool) -> list[Change]:
    """Apply `document` to the tenant (or, `dry_run`, only say what that would change)."""
    if not isinstance(document, dict):
        raise _refused("The document must be a JSON object.", "document")
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ProgramError(
            ProgramErrorCode.UNSUPPORTED_VERSION,
            f'Expected "format": "{FORMAT}", "version": {VERSION}.',
            "document",
        )
    async with tenant_scope(tenant_id):
        plan = await _plan(tenant_id, document)
        if not dry_run:
            try:
                for step in plan.steps:
                    await step()
            except (EarningError, TierError, CatalogError, LedgerError) as error:
                raise _checked(error, "document") from error
    return plan.changes


async def _plan(tenant_id: UUID, document: dict[str, Any]) -> Plan:
    plan = Plan()
    try:
        await _policies(tenant_id, document, plan)
        ranks = await _tiers(tenant_id, document, plan)
        await _rules(tenant_id, document, plan)
        await _campaigns(tenant_id, document, plan, ranks)
        await _rewards(tenant_id, document, plan, ranks)
    except (KeyError, TypeError, ValueError) as error:
        raise _refused(f"Malformed document: {error}", "document") from None
    return plan


async def _policies(tenant_id: UUID, document: dict[str, Any], plan: Plan) -> None:
    if "earningSettings" in document:
        s = document["earningSettings"]
        spec = SettingsSpec(
            int(s["returnWindowDays"]), Stacking(s["stacking"]), s.get("dailyPointsCap"),
            ClawbackPolicy(s.get("clawbackPolicy", "WRITE_OFF")),
            RuleCombination(s.get("purchaseRules", "ALL")),
        )  # fmt: skip
        plan.add(
            "earningSettings", "", Action.UPDATE, lambda: earning.update_settings(tenant_id, spec)
        )
    if "pointsPolicy" in document:
        p = document["pointsPolicy"]
        current = await get_points_rules(tenant_id)
        expiry = ExpiryPolicy(
            ExpiryKind(p["expiryKind"]), p.get("expiryDays"), p.get("expiryMonths"),
            p.get("clearingMonth"), p.get("clearingDay"),
        )  # fmt: skip
        rules = PointsRules(
            expiry, RestoreRule(p["restoreRule"]), bool(p["memberTransfersEnabled"]),
            int(p["memberTransferDailyCap"]), tuple(int(d) for d in p["reminderDays"]),
            current.time_zone,
        )  # fmt: skip
        try:
            rules.expiry.validated()
            rules.validated_reminders()
        except LedgerError as error:
            raise _checked(error, "pointsPolicy") from None
        plan.add("pointsPolicy", "", Action.UPDATE, partial(update_points_rules, tenant_id, rules))
    if "tierPolicy" in document:
        t = document["tierPolicy"]
        values = (Basis(t["basis"]), Window(t["window"]), int(t["months"]), int(t["graceDays"]))
        plan.add("tierPolicy", "", Action.UPDATE, lambda: tiers.update_policy(tenant_id, *values))


async def _tiers(tenant_id: UUID, document: dict[str, Any], plan: Plan) -> dict[int, UUID | None]:
    """Plan the tiers; returns each rank's tier id (None: a tier the plan adds, named later)."""
    existing = {tier.rank: tier for tier in await Tier.all()}
    ranks: dict[int, UUID | None] = {rank: tier.id for rank, tier in existing.items()}
    for n, item in enumerate(_list(document, "tiers")):
        spec = tiers.TierSpec(
            str(item["name"]), int(item["rank"]), int(item["threshold"]),
            str(item.get("earnMultiplier", "1")), str(item.get("birthdayMultiplier", "1")),
            [str(perk) for perk in item.get("perks", [])],
        )  # fmt: skip
        try:
            tiers.tier_fields(spec)
        except TierError as error:
            raise _checked(error, f"tiers[{n}]") from None
        found = existing.get(spec.rank)
        if found is None:
            ranks[spec.rank] = None
            plan.add("tiers", spec.name, Action.CREATE, _creating_tier(tenant_id, spec, ranks))
        else:
            plan.add(
                "tiers",
                spec.name,
                Action.UPDATE,
                partial(tiers.update_tier, tenant_id, found.id, spec),
            )
    listed = {int(item["rank"]) for item in _list(document, "tiers")}
    for rank, tier in existing.items():
        if rank not in listed:
            plan.add("tiers", tier.name, Action.KEEP)
    return ranks


def _creating_tier(
    tenant_id: UUID, spec: tiers.TierSpec, ranks: dict[int, UUID | None]
) -> Callable[[], Awaitable[None]]:
    async def create() -> None:
        ranks[spec.rank] = (await tiers.create_tier(tenant_id, spec)).id

    return create


async def _rules(tenant_id: UUID, document: dict[str, Any], plan: Plan) -> None:
    live = {(rule.kind, rule.name): rule for rule in await EarnRule.filter(status=Status.ACTIVE)}
    listed: set[tuple[EarnRuleKind, str]] = set()
    creates, updates = [], []
    for n, item in enumerate(_list(document, "earnRules")):
        kind, spec = _rule_spec(item, f"earnRules[{n}]")
        key = (kind, spec.name.strip())
        listed.add(key)
        found = live.get(key)
        if found is None:
            creates.append((spec.name, _rule_step(tenant_id, spec, None)))
        else:
            updates.append((spec.name, _rule_step(tenant_id, spec, found.id)))
    # Archived first: a check-in schedule replaced by another of another name is never two.
    for key, rule in live.items():
        if key not in listed:
            plan.add(
                "earnRules",
                rule.name,
                Action.ARCHIVE,
                partial(earning.archive_rule, tenant_id, rule.id),
            )
    for name, step in updates:
        plan.add("earnRules", name, Action.UPDATE, step)
    for name, step in creates:
        plan.add("earnRules", name, Action.CREATE, step)


def _rule_spec(item: dict[str, Any], path: str) -> tuple[EarnRuleKind, Any]:
    kind, config = EarnRuleKind(item["kind"]), dict(item.get("config") or {})
    window = (_time(item.get("startsAt"), f"{path}.startsAt"),
              _time(item.get("endsAt"), f"{path}.endsAt"))  # fmt: skip
    budget = item.get("budgetPoints")
    spec: PurchaseRuleSpec | OccasionRuleSpec
    try:
        if kind is EarnRuleKind.PURCHASE:
            spec = PurchaseRuleSpec(
                str(item["name"]), str(config.get("points_per_unit", "1")),
                int(config.get("min_order", 0)), config.get("category_multipliers"),
                config.get("tag_multipliers"), config.get("excluded_categories"), *window, budget,
            )  # fmt: skip
            rule_fields(spec)
        else:
            spec = OccasionRuleSpec(
                kind, str(item["name"]), int(config.get("points", 0)), config.get("schedule"),
                config.get("code"), bool(config.get("whole_month", False)),
                int(config.get("referrer_points", 0)), int(config.get("referee_points", 0)),
                config.get("daily_cap_per_member"), config.get("member_limit"), *window, budget,
            )  # fmt: skip
            occasion_fields(spec)
    except EarningError as error:
        raise _checked(error, path) from None
    return kind, spec


def _rule_step(
    tenant_id: UUID, spec: PurchaseRuleSpec | OccasionRuleSpec, rule_id: UUID | None
) -> Callable[[], Awaitable[Any]]:
    if isinstance(spec, PurchaseRuleSpec):
        if rule_id is None:
            return partial(earning.create_purchase_rule, tenant_id, spec)
        return partial(earning.update_purchase_rule, tenant_id, rule_id, spec)
    if rule_id is None:
        return partial(earning.create_occasion_rule, tenant_id, spec)
    return partial(earning.update_occasion_rule, tenant_id, rule_id, spec)


async def _campaigns(
    tenant_id: UUID, document: dict[str, Any], plan: Plan, ranks: dict[int, UUID | None]
) -> None:
    live = {c.name: c for c in await Campaign.filter(status=Status.ACTIVE)}
    listed = set()
    for n, item in enumerate(_list(document, "campaigns")):
        path = f"campaigns[{n}]"
        missing = [rank for rank in item.get("tierRanks", []) if int(rank) not in ranks]
        if missing:
            raise _refused(f"No tier of rank {missing[0]}.", f"{path}.tierRanks")
        try:
            campaign_fields(_campaign_spec(item, path, {}))
        except EarningError as error:
            raise _checked(error, path) from None
        name = str(item["name"]).strip()
        listed.add(name)
        found = live.get(name)
        action = Action.CREATE if found is None else Action.UPDATE
        step = partial(_put_campaign, tenant_id, found.id if found else None, item, path, ranks)
        plan.add("campaigns", name, action, step)
    now = utcnow()
    for name, campaign in live.items():
        if name not in listed and campaign.ends_at > now:
            plan.add(
                "campaigns",
                name,
                Action.ARCHIVE,
                partial(earning.end_campaign, tenant_id, campaign.id),
            )


def _campaign_spec(item: dict[str, Any], path: str, ranks: dict[int, UUID | None]) -> CampaignSpec:
    """The campaign an item describes; its audience by the tiers' ids in `ranks` (none: only
    checking the rest)."""
    starts, ends = (
        _time(item["startsAt"], f"{path}.startsAt"),
        _time(item["endsAt"], f"{path}.endsAt"),
    )
    if starts is None or ends is None:
        raise _refused("A campaign needs startsAt and endsAt.", path)
    tier_ranks = [int(rank) for rank in item.get("tierRanks", [])]
    return CampaignSpec(
        name=str(item["name"]),
        kind=CampaignKind(item["kind"]),
        starts_at=starts,
        ends_at=ends,
        multiplier=str(item.get("multiplier", "1")),
        bonus_points=int(item.get("bonusPoints", 0)),
        categories=item.get("categories"),
        tags=item.get("tags"),
        tier_ids=[_id(ranks, rank) for rank in tier_ranks] if ranks else None,
        budget_points=item.get("budgetPoints"),
        per_member_cap=item.get("perMemberCap"),
        min_order=int(item.get("minOrder", 0)),
    )


async def _put_campaign(
    tenant_id: UUID,
    campaign_id: UUID | None,
    item: dict[str, Any],
    path: str,
    ranks: dict[int, UUID | None],
) -> None:
    """Made when it applies: a tier the plan adds has its id only then."""
    spec = _campaign_spec(item, path, ranks)
    if campaign_id is None:
        await earning.create_campaign(tenant_id, spec)
    else:
        await earning.update_campaign(tenant_id, campaign_id, spec)


def _id(ranks: dict[int, UUID | None], rank: int) -> UUID:
    tier = ranks[rank]
    assert tier is not None  # noqa: S101 - the plan's tiers are made before what names them
    return tier


async def _rewards(
    tenant_id: UUID, document: dict[str, Any], plan: Plan, ranks: dict[int, UUID | None]
) -> None:
    existing = {reward.name: reward for reward in await Reward.all()}
    listed = set()
    for n, item in enumerate(_list(document, "rewards")):
        path = f"rewards[{n}]"
        named = [*(item.get("tierPrices") or {}), item.get("minTierRank")]
        missing = [rank for rank in named if rank is not None and int(rank) not in ranks]
        if missing:
            raise _refused(f"No tier of rank {missing[0]}.", path)
        name = str(item["name"]).strip()
        found = existing.get(name)
        try:
            catalog.reward_fields(_reward_spec(item, path, {}, found))
        except CatalogError as error:
            raise _checked(error, path) from None
        listed.add(name)
        action = Action.CREATE if found is None else Action.UPDATE
        plan.add("rewards", name, action, partial(_put_reward, tenant_id, found, item, path, ranks))
    for name in existing:
        if name not in listed:
            plan.add("rewards", name, Action.KEEP)


def _reward_spec(
    item: dict[str, Any], path: str, ranks: dict[int, UUID | None], found: Reward | None
) -> catalog.RewardSpec:
    """The reward an item describes, its tiers by their ids in `ranks` (none: only checking).
    A new reward is a DRAFT; an existing one keeps its status."""
    min_rank = item.get("minTierRank")
    prices = {int(rank): int(price) for rank, price in (item.get("tierPrices") or {}).items()}
    return catalog.RewardSpec(
        name=str(item["name"]),
        type=RewardType(item["type"]),
        price_points=int(item["pricePoints"]),
        price_cash=int(item.get("priceCash", 0)),
        description=str(item.get("description", "")),
        per_member_limit=item.get("perMemberLimit"),
        per_member_daily_limit=item.get("perMemberDailyLimit"),
        max_per_order=int(item.get("maxPerOrder", 1)),
        available_from=_time(item.get("availableFrom"), f"{path}.availableFrom"),
        available_until=_time(item.get("availableUntil"), f"{path}.availableUntil"),
        min_tier_id=_id(ranks, int(min_rank)) if ranks and min_rank is not None else None,
        categories=list(item.get("categories", [])),
        tags=list(item.get("tags", [])),
        image_urls=list(item.get("imageUrls", [])),
        draft=found is None or found.status is RewardStatus.DRAFT,
        match_ratio=str(item.get("matchRatio", "0")),
        match_budget=item.get("matchBudget"),
        tier_prices={_id(ranks, rank): price for rank, price in prices.items()} if ranks else {},
        valid_days=item.get("validDays"),
    )


async def _put_reward(
    tenant_id: UUID,
    found: Reward | None,
    item: dict[str, Any],
    path: str,
    ranks: dict[int, UUID | None],
) -> None:
    spec = _reward_spec(item, path, ranks, found)
    if found is None:
        await catalog.create_reward(tenant_id, spec)
    else:
        await catalog.update_reward(tenant_id, found.id, spec)
