"""Catalog mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.catalog.mutations import (
    add_coupon_codes,
    adjust_stock,
    archive_reward,
    create_reward,
    update_reward,
)


@strawberry.type
class CatalogMutations:
    create_reward = create_reward.resolve
    update_reward = update_reward.resolve
    archive_reward = archive_reward.resolve
    adjust_stock = adjust_stock.resolve
    add_coupon_codes = add_coupon_codes.resolve
