"""Rewards, redemption and orders."""

from __future__ import annotations

# Why a member cannot redeem: the same reasons the blocker and the refusal name.
_NOT_AVAILABLE = "The reward is not listed (a draft or archived)."
_NOT_STARTED = "The reward's `availableFrom` has not come yet."
_ENDED = "The reward's `availableUntil` has passed."
_OUT_OF_STOCK = "Not enough stock (or coupon codes) left for this quantity."
_TIER_REQUIRED = "The reward needs a higher tier than the member's."
_LIMIT_REACHED = "The member's total or daily limit for this reward would be passed."

DESCRIPTIONS = {
    "RedeemBlocker.NOT_AVAILABLE": _NOT_AVAILABLE,
    "RedeemBlocker.NOT_STARTED": f"{_NOT_STARTED} Show when it opens.",
    "RedeemBlocker.ENDED": _ENDED,
    "RedeemBlocker.OUT_OF_STOCK": f"{_OUT_OF_STOCK} Show it as sold out.",
    "RedeemBlocker.TIER_REQUIRED": f"{_TIER_REQUIRED} Show the tier it needs.",
    "RedeemBlocker.LIMIT_REACHED": f"{_LIMIT_REACHED} Show it as redeemed.",
    "RedeemBlocker.INSUFFICIENT_POINTS": "The member has fewer available points than its price. "
    "Show how many more are needed.",
    "RedemptionErrorCode.REWARD_NOT_FOUND": "No reward of your tenant has this id. Check the id.",
    "RedemptionErrorCode.NOT_AVAILABLE": f"{_NOT_AVAILABLE} Refresh the catalog.",
    "RedemptionErrorCode.NOT_STARTED": f"{_NOT_STARTED} Try again once it opens.",
    "RedemptionErrorCode.ENDED": f"{_ENDED} Refresh the catalog.",
    "RedemptionErrorCode.OUT_OF_STOCK": f"{_OUT_OF_STOCK} Nothing was charged; offer a "
    "smaller quantity or another reward.",
    "RedemptionErrorCode.TIER_REQUIRED": f"{_TIER_REQUIRED} Show the tier it needs.",
    "RedemptionErrorCode.LIMIT_REACHED": f"{_LIMIT_REACHED} Show the limit; the daily one "
    "resets tomorrow.",
    "RedemptionErrorCode.SHIPPING_ADDRESS_REQUIRED": "A PHYSICAL reward ships: ask for a "
    "shipping address and send it with the redemption.",
    "RedemptionErrorCode.WRONG_AMOUNT": "The payment confirmed does not match the order's cash "
    "part (`message` says it). Confirm the exact amount.",
    "RedemptionErrorCode.ORDER_NOT_FOUND": "No order of your tenant (or, for a member token, of "
    "this member) has this id. Check the id.",
    "RedemptionErrorCode.NOT_LINKED": "The reward is priced in platform points and the member "
    "has no platform wallet. Offer to link one (`linkPlatformWallet`) first.",
    "CatalogErrorCode.REWARD_NOT_FOUND": "No reward of your tenant has this id. Check the id.",
    "CatalogErrorCode.STOCK_BELOW_ZERO": "The adjustment would take stock below what is left "
    "(`message` says how much). Take away at most that.",
    "CatalogErrorCode.NOT_A_COUPON": "The reward is not a COUPON reward, and only those take "
    "codes. Add the codes to a COUPON reward.",
    "RewardType.PHYSICAL": "A thing shipped to the member: orders need a shipping address.",
    "RewardType.COUPON": "A code from the reward's pool, shown to the member on redemption.",
    "RewardType.SERVICE": "An experience or a voucher the merchant fulfils.",
    "RewardType.DONATION": "Points given to a cause, optionally matched by the merchant.",
    "RewardStatus.DRAFT": "Being prepared: hidden from members.",
    "RewardStatus.ACTIVE": "Listed: members can redeem it.",
    "RewardStatus.ARCHIVED": "Withdrawn: hidden, kept for its orders.",
    "OrderStatus.PENDING_PAYMENT": "Points held; waiting for the cash part to be paid "
    "(`confirmOrderPayment`). Cancelling releases the points.",
    "OrderStatus.CONFIRMED": "Paid: points spent, stock taken; waiting for fulfilment.",
    "OrderStatus.FULFILLED": "A non-physical reward was handed over (code shown, service booked).",
    "OrderStatus.SHIPPED": "A physical reward is on its way (carrier and tracking number kept).",
    "OrderStatus.DELIVERED": "A physical reward arrived.",
    "OrderStatus.COMPLETED": "Done; only a refund can follow.",
    "OrderStatus.CANCELLED": "Cancelled before fulfilment: points and stock came back.",
    "OrderStatus.REFUNDED": "Refunded after confirmation: points came back under the merchant's "
    "restore rule.",
    "Query.rewards(filter)": "Narrows the list; all rewards the caller may see when null.",
    "Query.reward(id)": "The reward's id.",
    "Reward.name": "The reward's name, as the mall shows it.",
    "Reward.description": "What the member gets, in words.",
    "Reward.type": "How the reward is fulfilled.",
    "Reward.pricePoints": "The price in points, before tier prices (see `priceFor`).",
    "Reward.stockTotal": "Units the reward was stocked with in all.",
    "Reward.perMemberLimit": "The most units one member may redeem in all; null: no limit.",
    "Reward.perMemberDailyLimit": "The most units one member may redeem a day; null: no limit.",
    "Reward.maxPerOrder": "The most units in one order.",
    "Reward.availableUntil": "When it stops being redeemable; null: no end.",
    "Reward.categories": "The mall's categories it is listed under.",
    "Reward.tags": "Free labels, for filtering and campaigns.",
    "Reward.imageUrls": "Pictures, first one the cover.",
    "Reward.status": "Whether members can see and redeem it.",
    "Reward.matchBudget": "DONATION: the most points the merchant adds in all; null: no limit.",
    "RewardFilter": "Narrows `rewards`: each field given must match.",
    "RewardFilter.category": "Only rewards listed under this category.",
    "RewardFilter.tag": "Only rewards with this tag.",
    "RewardInput.name": "The reward's name, 1-200 characters.",
    "RewardInput.type": "How it is fulfilled; cannot change later.",
    "RewardInput.pricePoints": "The price in points, 1 or more.",
    "RewardInput.priceCash": "A cash part paid besides the points (积分+现金), in the fiat's "
    "minor units; 0 for points only.",
    "RewardInput.description": "What the member gets, in words.",
    "RewardInput.perMemberLimit": "The most units one member may redeem in all; null: no limit.",
    "RewardInput.perMemberDailyLimit": "The most units one member may redeem a day; null: no "
    "limit.",
    "RewardInput.maxPerOrder": "The most units in one order.",
    "RewardInput.availableFrom": "When it becomes redeemable; null: at once.",
    "RewardInput.availableUntil": "When it stops being redeemable; null: no end.",
    "RewardInput.minTierId": "Only members of this tier or above may redeem it; null: everyone.",
    "RewardInput.categories": "The mall's categories to list it under.",
    "RewardInput.tags": "Free labels, for filtering and campaigns.",
    "RewardInput.imageUrls": "Pictures (https URLs), first one the cover.",
    "TierPriceInput": "A lower price for members of one tier.",
    "TierPriceInput.tierId": "The tier.",
    "TierPriceInput.pricePoints": "Its members' price in points.",
    "UpdateRewardInput.rewardId": "The reward to change.",
    "UpdateRewardInput.reward": "Its new definition, as a whole.",
    "RewardIdInput.rewardId": "The reward to act on.",
    "AdjustStockInput.rewardId": "The reward whose stock changes.",
    "AddCouponCodesInput.rewardId": "The COUPON reward taking the codes.",
    "Query.orders(status)": "Only orders in this status; all when null.",
    "Query.order(id)": "The order's id.",
    "Order.memberId": "The member who redeemed.",
    "Order.rewardId": "The reward redeemed.",
    "Order.quantity": "How many units.",
    "Order.points": "The points paid for the whole order.",
    "Order.cash": "The cash part of the whole order, in minor units (0 for points only).",
    "Order.status": "Where the order stands.",
    "Order.shippingAddress": "Where a PHYSICAL reward ships, as the member gave it.",
    "OrderEvent.fromStatus": "The status before; null for the order's creation.",
    "OrderEvent.toStatus": "The status after.",
    "OrderEvent.actor": "Who made the step: a staff user, an API key, the member or the system.",
    "OrderEvent.reason": "Why, as given with the step.",
    "ConfirmOrderPaymentInput.orderId": "The PENDING_PAYMENT order that was paid.",
    "ConfirmOrderPaymentInput.paymentReference": "Your payment provider's reference, kept on "
    "the order.",
    "OrderStepInput.orderId": "The order to move on.",
    "OrderStepInput.reason": "Why, kept in the order's events.",
    "MarkShippedInput.orderId": "The CONFIRMED physical order that shipped.",
    "MarkShippedInput.carrier": "The carrier's name (e.g. 顺丰).",
    "MarkShippedInput.trackingNumber": "The carrier's tracking number.",
    "RefundOrderInput.orderId": "The order to refund.",
    "RefundOrderInput.reason": "Why, kept in the order's events and shown to the member.",
    "RedeemRewardInput.rewardId": "The reward to redeem.",
    "RedeemRewardInput.quantity": "How many units, 1 to the reward's `maxPerOrder`.",
    "CancelOrderInput.orderId": "The order to cancel (before fulfilment).",
    "CancelOrderInput.reason": "Why, kept in the order's events.",
}
