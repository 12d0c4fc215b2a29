"""Redemption mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.redemption.mutations import (
    cancel_order,
    complete_order,
    confirm_order_payment,
    fulfill_order,
    mark_delivered,
    mark_shipped,
    redeem_reward,
    refund_order,
)


@strawberry.type
class RedemptionMutations:
    confirm_order_payment = confirm_order_payment.resolve
    fulfill_order = fulfill_order.resolve
    mark_shipped = mark_shipped.resolve
    mark_delivered = mark_delivered.resolve
    complete_order = complete_order.resolve
    refund_order = refund_order.resolve
    redeem_reward = redeem_reward.resolve
    cancel_order = cancel_order.resolve
