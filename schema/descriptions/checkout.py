"""Checkout points payments (积分抵扣)."""

from __future__ import annotations

DESCRIPTIONS = {
    "Query.quotePointsPayment(orderAmount)": "The order's total, after discounts, before points.",
    "Query.quotePointsPayment(memberId)": "The paying member (staff and API keys); a member "
    "token quotes for itself and may leave this out.",
    "Query.pointsPayment(orderId)": "The merchant's order id the payment was authorized for.",
    "CheckoutSettings.enabled": "Whether the checkout takes points at all.",
    "CheckoutSettings.maxShareBps": "The most of an order's total points may pay, in basis "
    "points (5000 = 50%).",
    "CheckoutSettings.minPoints": "The fewest points one order may be paid with.",
    "CheckoutSettings.stepPoints": "Points are paid in multiples of this (e.g. 100).",
    "CheckoutSettings.earnOnPointsPart": "Whether the part of an order paid with points earns "
    "purchase points too (false: only the cash part earns).",
    "CheckoutSettings.authorizationSeconds": "How long an authorization holds the points "
    "before the worker releases it.",
    "PointsPaymentQuote.maxPoints": "The most points usable: within the share, a multiple of "
    "the step, at least the minimum, and no more than the member has; 0 when `blocker` says "
    "why.",
    "PointsPaymentQuote.maxValue": "What `maxPoints` take off the bill: points x the "
    "merchant's value of a point, rounded down to the minor unit.",
    "PointsPaymentQuote.available": "Points the member can spend now.",
    "PointsPaymentQuote.stepPoints": "Offer points in multiples of this.",
    "PointsPaymentQuote.minPoints": "Offer at least this many points.",
    "PointsPaymentQuote.blocker": "Why no points can pay this order; null when some can.",
    "PointsPaymentBlocker.DISABLED": "The merchant does not take points at checkout.",
    "PointsPaymentBlocker.INSUFFICIENT_POINTS": "The member has fewer points than the minimum "
    "(or than one step).",
    "PointsPaymentBlocker.ORDER_TOO_SMALL": "The order's share is worth less than the minimum.",
    "PointsPayment.orderId": "The merchant's order id.",
    "PointsPayment.memberId": "The paying member.",
    "PointsPayment.orderAmount": "The order's total as authorized.",
    "PointsPayment.status": "Where the payment stands.",
    "PointsPayment.authorizedPoints": "Points held by the authorization.",
    "PointsPayment.capturedPoints": "Points spent on the order (0 until captured).",
    "PointsPayment.capturedValue": "What the captured points took off the bill, rounded down to "
    "the minor unit; recordPurchase earns on the order's total minus this (unless the merchant "
    "lets the points part earn).",
    "PointsPayment.returnedPoints": "Points given back by refunds of the order so far.",
    "PointsPayment.expiresAt": "Capture before this; the worker releases the hold after it.",
    "PointsPaymentStatus.AUTHORIZED": "Points held; waiting for capture or void.",
    "PointsPaymentStatus.CAPTURED": "Points spent on the order (refunds may return a share).",
    "PointsPaymentStatus.VOIDED": "Released by the merchant: the points are back.",
    "PointsPaymentStatus.EXPIRED": "Not captured in time and released by the worker.",
    "CheckoutErrorCode.POINTS_PAYMENT_DISABLED": "The merchant does not take points at "
    "checkout. Hide the option.",
    "CheckoutErrorCode.OVER_LIMIT": "More points than the merchant lets pay this order "
    "(`message` says the most). Offer `quotePointsPayment`'s `maxPoints`.",
    "CheckoutErrorCode.BELOW_MINIMUM": "Fewer points than the merchant's minimum for one order. "
    "Offer at least `minPoints`, or none.",
    "CheckoutErrorCode.NOT_A_STEP": "Points must be a multiple of the merchant's step "
    "(`message` says it). Round the offer down to a step.",
    "CheckoutErrorCode.ALREADY_AUTHORIZED": "This order already has a points payment. Read it "
    "(`pointsPayment`); void it before authorizing another amount.",
    "CheckoutErrorCode.PAYMENT_NOT_FOUND": "No points payment was authorized for this order id. "
    "Check the order id.",
    "CheckoutErrorCode.AUTHORIZATION_EXPIRED": "The authorization ran out before this step; the "
    "points go back to the member. Authorize again if the customer still pays with points.",
    "UpdateCheckoutSettingsInput.enabled": "Take points at checkout.",
    "UpdateCheckoutSettingsInput.maxShareBps": "The most of an order's total points may pay, "
    "in basis points: 1 to 10000 (100%).",
    "UpdateCheckoutSettingsInput.minPoints": "The fewest points one order may be paid with.",
    "UpdateCheckoutSettingsInput.stepPoints": "Points are paid in multiples of this, 1 or more.",
    "UpdateCheckoutSettingsInput.earnOnPointsPart": "Let the points-paid part of an order earn "
    "purchase points too.",
    "UpdateCheckoutSettingsInput.authorizationSeconds": "How long an authorization holds the "
    "points: 60 to 604800 (a week).",
    "AuthorizePointsPaymentInput.orderId": "Your order id, 1-128 characters; one points payment "
    "per order, and recordPurchase/refundPurchase find it by this id.",
    "AuthorizePointsPaymentInput.memberId": "The paying member.",
    "AuthorizePointsPaymentInput.orderAmount": "The order's total after discounts, before "
    "points, in the merchant's fiat currency.",
    "AuthorizePointsPaymentInput.points": "Points to hold: within the quote's `maxPoints`, a "
    "multiple of the step, at least the minimum.",
    "CapturePointsPaymentInput.orderId": "The order whose authorization to capture.",
    "CapturePointsPaymentInput.points": "How many to spend, at most the authorized points; all "
    "of them when null.",
    "VoidPointsPaymentInput.orderId": "The order whose authorization to release.",
}
