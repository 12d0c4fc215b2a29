"""Earning mutations."""

from __future__ import annotations

import strawberry

from schema.earning.mutations import (
    campaigns,
    earn_rules,
    occasions,
    record_purchase,
    refund_purchase,
    update_earning_settings,
)

ADMIN = " ADMIN or OWNER."


@strawberry.type
class EarningMutations:
    record_purchase = strawberry.mutation(
        resolver=record_purchase.resolve,
        description="Report an order; its points are computed from the active rules and "
        "campaigns and stay pending for the return window. Idempotent by orderId (a repeat "
        "answers `replayed: true`). An API key with PURCHASES_WRITE, or ADMIN/OWNER. Errors: "
        "MEMBER_NOT_FOUND, MEMBER_BLOCKED, WRONG_CURRENCY, ORDER_ALREADY_RECORDED, INVALID_INPUT.",
    )
    refund_purchase = strawberry.mutation(
        resolver=refund_purchase.resolve,
        description="Take back the points of a refunded part of an order, in proportion: "
        "pending points are voided, spendable ones clawed back; what the member already spent "
        "is booked as the merchant's loss, the wallet never goes below zero. Idempotent by "
        "idempotencyKey. PURCHASES_WRITE or ADMIN/OWNER. Errors: ORDER_NOT_FOUND, "
        "NOTHING_TO_REFUND, INVALID_AMOUNT, IDEMPOTENCY_KEY_REUSED.",
    )
    create_earn_rule = strawberry.mutation(
        resolver=earn_rules.create, description="Add a purchase earning rule." + ADMIN
    )
    update_earn_rule = strawberry.mutation(
        resolver=earn_rules.update, description="Replace a purchase rule's settings." + ADMIN
    )
    archive_earn_rule = strawberry.mutation(
        resolver=earn_rules.archive, description="Stop a rule; points it gave stay." + ADMIN
    )
    create_campaign = strawberry.mutation(
        resolver=campaigns.create, description="Add a time-boxed multiplier or bonus." + ADMIN
    )
    update_campaign = strawberry.mutation(
        resolver=campaigns.update, description="Replace a campaign's settings." + ADMIN
    )
    end_campaign = strawberry.mutation(
        resolver=campaigns.end, description="End a campaign now." + ADMIN
    )
    check_in = strawberry.mutation(
        resolver=occasions.check_in,
        description="Today's check-in, with a member token: once a day in the merchant's time "
        "zone; points follow the CHECK_IN rule's streak schedule, a missed day restarts it. "
        "Errors: ALREADY_EARNED, RULE_NOT_FOUND, MEMBER_BLOCKED.",
    )
    record_event = strawberry.mutation(
        resolver=occasions.record_event,
        description="A member did a task (review, share, ...): pays the EVENT rules with that "
        "code, once per idempotencyKey, within their caps. EVENTS_WRITE or ADMIN/OWNER. "
        "Errors: RULE_NOT_FOUND, MEMBER_NOT_FOUND, MEMBER_BLOCKED, ALREADY_EARNED.",
    )
    apply_referral_code = strawberry.mutation(
        resolver=occasions.apply_referral_code,
        description="With a member token, name the friend who referred you (before your first "
        "purchase); both of you earn the REFERRAL rule's points at that purchase. Errors: "
        "INVALID_REFERRAL_CODE, NOT_ELIGIBLE.",
    )
    update_earning_settings = strawberry.mutation(
        resolver=update_earning_settings.resolve,
        description="Set the return window and campaign stacking." + ADMIN,
    )
