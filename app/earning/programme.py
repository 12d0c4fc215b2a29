"""The earning programme a merchant runs: purchase and occasion rules, campaigns, settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from app.core.clock import utcnow
from app.core.db import tenant_scope
from app.core.idempotency import UNKEYED, OptionalKey, created_once
from app.earning.config import bump
from app.earning.errors import EarningError, EarningErrorCode
from app.earning.models import (
    Campaign,
    EarningSettings,
    EarnRule,
    EarnRuleKind,
    Status,
)
from app.earning.specs import (
    CampaignSpec,
    OccasionRuleSpec,
    PurchaseRuleSpec,
    SettingsSpec,
    campaign_fields,
    occasion_fields,
    rule_fields,
)
from app.ledger.models import Currency
from app.tiers.models import Tier


async def open_earning(tenant_id: UUID, currency: Currency) -> None:
    """Default earning for a new tenant: 1 point per unit of its fiat currency, 7-day returns."""
    await EarningSettings.create(tenant_id=tenant_id)
    await EarnRule.create(
        tenant_id=tenant_id,
        kind=EarnRuleKind.PURCHASE,
        name=f"1 point per 1 {currency.fiat_currency}",
        config={"points_per_unit": "1"},
    )


async def create_purchase_rule(
    tenant_id: UUID, spec: PurchaseRuleSpec, keyed: OptionalKey = UNKEYED
) -> EarnRule:
    """Add a purchase rule; it applies to purchases that occur inside its window."""
    fields = rule_fields(spec)

    async def create() -> EarnRule:
        async with tenant_scope(tenant_id):
            await bump(tenant_id)
            return await EarnRule.create(tenant_id=tenant_id, kind=EarnRuleKind.PURCHASE, **fields)

    request = fields | {"kind": EarnRuleKind.PURCHASE}
    return await created_once(EarnRule, tenant_id, keyed, request, create, EarningError)


async def update_purchase_rule(tenant_id: UUID, rule_id: UUID, spec: PurchaseRuleSpec) -> EarnRule:
    fields = rule_fields(spec)
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


async def create_campaign(
    tenant_id: UUID, spec: CampaignSpec, keyed: OptionalKey = UNKEYED
) -> Campaign:
    """Add a campaign; it applies to purchases inside its window, until its budget runs out."""
    fields = campaign_fields(spec)

    async def create() -> Campaign:
        async with tenant_scope(tenant_id):
            await _check_tiers(fields["tier_ids"])
            await bump(tenant_id)
            return await Campaign.create(tenant_id=tenant_id, **fields)

    return await created_once(Campaign, tenant_id, keyed, fields, create, EarningError)


async def update_campaign(tenant_id: UUID, campaign_id: UUID, spec: CampaignSpec) -> Campaign:
    fields = campaign_fields(spec)
    async with tenant_scope(tenant_id):
        await _check_tiers(fields["tier_ids"])
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


async def _check_tiers(tier_ids: list[str]) -> None:
    """The tiers a campaign names are the tenant's own (the scope hides every other)."""
    if await Tier.filter(id__in=tier_ids).count() != len(tier_ids):
        raise EarningError(EarningErrorCode.INVALID_INPUT, "No such tier.", "tierIds")


async def list_rules(tenant_id: UUID) -> list[EarnRule]:
    async with tenant_scope(tenant_id):
        return await EarnRule.all().order_by("id")


async def list_campaigns(tenant_id: UUID) -> list[Campaign]:
    async with tenant_scope(tenant_id):
        return await Campaign.all().order_by("id")


async def get_settings(tenant_id: UUID) -> EarningSettings:
    async with tenant_scope(tenant_id):
        return await EarningSettings.get(tenant_id=tenant_id)


async def update_settings(tenant_id: UUID, spec: SettingsSpec) -> EarningSettings:
    """Change the return window (for purchases recorded from now on), campaign stacking, how
    purchase rules combine (unless None), and the cap on points one member earns in a day (the
    days are the merchant's, `tenants.clock`)."""
    if not 0 <= spec.return_window_days <= 365:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "Return window is 0-365 days.", "returnWindowDays"
        )
    if spec.daily_points_cap is not None and spec.daily_points_cap <= 0:
        raise EarningError(
            EarningErrorCode.INVALID_INPUT, "The cap must be positive.", "dailyPointsCap"
        )
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        settings = await EarningSettings.select_for_update().get(tenant_id=tenant_id)
        changes = (
            vars(spec)
            if spec.purchase_rules is not None
            else vars(spec) | {"purchase_rules": settings.purchase_rules}
        )
        settings.update_from_dict(changes)
        await settings.save()
        return settings


async def _locked_campaign(campaign_id: UUID) -> Campaign:
    campaign = await Campaign.select_for_update().get_or_none(id=campaign_id)
    if campaign is None:
        raise EarningError(EarningErrorCode.CAMPAIGN_NOT_FOUND, "No such campaign.", "campaignId")
    return campaign


async def create_occasion_rule(
    tenant_id: UUID, spec: OccasionRuleSpec, keyed: OptionalKey = UNKEYED
) -> EarnRule:
    """Add a sign-up, profile, birthday, check-in, event or referral rule."""
    fields = occasion_fields(spec)

    async def create() -> EarnRule:
        async with tenant_scope(tenant_id):
            await bump(tenant_id)
            await _one_check_in(spec.kind, fields, None)
            return await EarnRule.create(tenant_id=tenant_id, kind=spec.kind, **fields)

    request = fields | {"kind": spec.kind}
    return await created_once(EarnRule, tenant_id, keyed, request, create, EarningError)


async def update_occasion_rule(tenant_id: UUID, rule_id: UUID, spec: OccasionRuleSpec) -> EarnRule:
    fields = occasion_fields(spec)
    async with tenant_scope(tenant_id):
        await bump(tenant_id)
        rule = await EarnRule.select_for_update().get_or_none(id=rule_id)
        if rule is None or rule.kind is not spec.kind:
            raise EarningError(
                EarningErrorCode.RULE_NOT_FOUND, "No such rule of this kind.", "ruleId"
            )
        await _one_check_in(spec.kind, fields, rule.id)
        rule.update_from_dict(fields)
        await rule.save()
        return rule


async def _one_check_in(kind: EarnRuleKind, fields: dict[str, Any], rule_id: UUID | None) -> None:
    """One check-in schedule at a time: a CHECK_IN rule whose window overlaps another active
    one's is refused (which would pay was unclear). Call in the scope, after `bump` (whose
    row lock serialises two such writes)."""
    if kind is not EarnRuleKind.CHECK_IN:
        return
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    for other in await EarnRule.filter(kind=EarnRuleKind.CHECK_IN, status=Status.ACTIVE):
        if other.id == rule_id:
            continue
        if (ends is None or other.starts_at is None or other.starts_at < ends) and (
            starts is None or other.ends_at is None or starts < other.ends_at
        ):
            raise EarningError(
                EarningErrorCode.RULE_EXISTS,
                f"The check-in rule {other.name!r} is active over this window: update or archive"
                " it instead of adding a second.",
                "kind",
            )
