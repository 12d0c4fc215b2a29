"""A tenant's earning configuration (settings, active rules, campaigns), cached per process.

Every purchase needs it; reading it costs three queries. Each change bumps
`earning_settings.config_version` in the changing transaction, so one small query tells a
process whether its copy is current. Budget counters are not cached: budgeted rows are re-read
(under a lock when recording) at every use.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from app.earning.models import Campaign, EarningSettings, EarnRule, EarnRuleKind, Status


@dataclass(frozen=True)
class EarningConfig:
    version: int
    settings: EarningSettings
    purchase_rules: list[EarnRule]
    campaigns: list[Campaign]
    referral_active: bool


_cache: dict[UUID, EarningConfig] = {}


async def earning_config(tenant_id: UUID) -> EarningConfig:
    """The tenant's current configuration; call in the tenant's scope."""
    rows = await EarningSettings._meta.db.execute_query_dict(
        "SELECT config_version FROM earning_settings WHERE tenant_id = $1", [tenant_id]
    )
    version = int(rows[0]["config_version"])
    cached = _cache.get(tenant_id)
    if cached is not None and cached.version == version:
        return cached
    settings = await EarningSettings.get(tenant_id=tenant_id)
    rules = await EarnRule.filter(status=Status.ACTIVE).order_by("id")
    config = EarningConfig(
        version=settings.config_version,
        settings=settings,
        purchase_rules=[rule for rule in rules if rule.kind is EarnRuleKind.PURCHASE],
        campaigns=await Campaign.filter(status=Status.ACTIVE).order_by("id"),
        referral_active=any(rule.kind is EarnRuleKind.REFERRAL for rule in rules),
    )
    _cache[tenant_id] = config
    return config


async def bump(tenant_id: UUID) -> None:
    """Mark the configuration changed; call in the transaction that changes it."""
    await EarningSettings._meta.db.execute_query(
        "UPDATE earning_settings SET config_version = config_version + 1 WHERE tenant_id = $1",
        [tenant_id],
    )
