"""Earning mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.earning.mutations import (
    apply_referral_code,
    archive_earn_rule,
    check_in,
    create_campaign,
    create_earn_rule,
    end_campaign,
    record_event,
    record_purchase,
    refund_purchase,
    update_campaign,
    update_earn_rule,
    update_earning_settings,
)


@strawberry.type
class EarningMutations:
    record_purchase = record_purchase.resolve
    refund_purchase = refund_purchase.resolve
    create_earn_rule = create_earn_rule.resolve
    update_earn_rule = update_earn_rule.resolve
    archive_earn_rule = archive_earn_rule.resolve
    create_campaign = create_campaign.resolve
    update_campaign = update_campaign.resolve
    end_campaign = end_campaign.resolve
    check_in = check_in.resolve
    record_event = record_event.resolve
    apply_referral_code = apply_referral_code.resolve
    update_earning_settings = update_earning_settings.resolve
