"""Tiers mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.tiers.mutations import (
    create_tier,
    set_member_tier,
    update_tier,
    update_tier_policy,
)


@strawberry.type
class TierMutations:
    create_tier = create_tier.resolve
    update_tier = update_tier.resolve
    update_tier_policy = update_tier_policy.resolve
    set_member_tier = set_member_tier.resolve
