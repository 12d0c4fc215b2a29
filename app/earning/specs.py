"""The shapes merchants describe rules, campaigns and settings in, and their validation into
database fields (every refusal names the API's input field)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any
from uuid import UUID

from app.earning import rules
from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import (
    ClawbackPolicy,
    EarnRuleKind,
)


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
    min_order: int = 0


@dataclass(frozen=True)
class SettingsSpec:
    return_window_days: int
    stacking: rules.Stacking
    daily_points_cap: int | None
    clawback_policy: ClawbackPolicy = ClawbackPolicy.WRITE_OFF
    purchase_rules: rules.RuleCombination | None = None  # None: keep


def rule_fields(spec: PurchaseRuleSpec) -> dict[str, Any]:
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


def campaign_fields(spec: CampaignSpec) -> dict[str, Any]:
    _name(spec.name)
    _window(spec.starts_at, spec.ends_at, required=True)
    _budget(spec.budget_points)
    if spec.per_member_cap is not None and not 0 < spec.per_member_cap <= 2**53 - 1:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "A cap must be positive.", "perMemberCap"
        )
    if not 0 <= spec.min_order <= 2**53 - 1:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "minOrder must be 0 or more.", "minOrder"
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
        "min_order": spec.min_order,
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


def occasion_fields(spec: OccasionRuleSpec) -> dict[str, Any]:
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
