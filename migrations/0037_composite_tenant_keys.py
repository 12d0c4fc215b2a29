"""Composite tenant keys: a row of one tenant can reference only a row of the same tenant.

Each referenced table gets a unique key `(tenant_id, id)`, and each foreign key between tenant
tables becomes `(tenant_id, <column>) -> (tenant_id, id)`, so the database itself refuses a
reference across tenants, whatever the application checked. References that had no foreign key
but come from merchants' inputs (a reward's minimum tier, a lottery prize's reward, a tier
change's tiers) get one now.

Left single-column, on purpose: references to `currency` (the platform currency has no tenant),
and a transfer's accounts (an exchange journal's transfers reach the platform's clearing and fee
accounts, LEDGER.md invariant 1). Platform links name the merchant's member through
`merchant_id`, the tenant of that member.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

# (table, tenant column, column, referenced table, constraint name, deferred)
REFERENCES = [
    ("staff_session", "tenant_id", "staff_id", "staff_user", "staff_session_staff_fk", False),
    ("lot", "tenant_id", "source_transfer_id", "transfer", "lot_source_fk", False),
    ("lot", "tenant_id", "wallet_id", "account", "lot_wallet_fk", False),
    ("lot_allocation", "tenant_id", "lot_id", "lot", "lot_allocation_lot_fk", False),
    ("lot_allocation", "tenant_id", "transfer_id", "transfer", "lot_allocation_transfer_fk", False),
    ("transfer", "tenant_id", "journal_id", "journal", "transfer_journal_fk", False),
    ("transfer", "tenant_id", "pending_id", "transfer", "transfer_pending_fk", False),
    ("purchase", "tenant_id", "member_id", "member", "purchase_member_fk", False),
    ("earning_event", "tenant_id", "member_id", "member", "earning_event_member_fk", False),
    ("earning_event", "tenant_id", "rule_id", "earn_rule", "earning_event_rule_fk", False),
    ("referral", "tenant_id", "referee_id", "member", "referral_referee_fk", False),
    ("referral", "tenant_id", "referrer_id", "member", "referral_referrer_fk", False),
    ("referral_code", "tenant_id", "member_id", "member", "referral_code_member_fk", False),
    ("member_tier", "tenant_id", "member_id", "member", "member_tier_member_fk", False),
    ("member_tier", "tenant_id", "tier_id", "tier", "member_tier_tier_fk", False),
    ("member_tier", "tenant_id", "override_tier_id", "tier", "member_tier_override_fk", False),
    ("tier_change", "tenant_id", "member_id", "member", "tier_change_member_fk", False),
    ("tier_change", "tenant_id", "from_tier_id", "tier", "tier_change_from_fk", False),
    ("tier_change", "tenant_id", "to_tier_id", "tier", "tier_change_to_fk", False),
    ("clawback_debt", "tenant_id", "member_id", "member", "clawback_debt_member_fk", False),
    ("reward", "tenant_id", "min_tier_id", "tier", "reward_min_tier_fk", False),
    ("coupon_code", "tenant_id", "reward_id", "reward", "coupon_code_reward_fk", False),
    ("order_event", "tenant_id", "order_id", "redemption_order", "order_event_order_fk", False),
    ("redemption_order", "tenant_id", "member_id", "member", "redemption_order_member_fk", False),
    ("redemption_order", "tenant_id", "reward_id", "reward", "redemption_order_reward_fk", False),
    (
        "exchange_rate",
        "tenant_id",
        "listing_id",
        "exchange_listing",
        "exchange_rate_listing_fk",
        False,
    ),
    ("obligation", "tenant_id", "batch_id", "settlement_batch", "obligation_batch_fk", True),
    ("obligation", "tenant_id", "quote_id", "exchange_quote", "obligation_quote_fk", False),
    ("platform_link", "tenant_id", "customer_id", "member", "platform_link_customer_fk", False),
    ("platform_link", "merchant_id", "member_id", "member", "platform_link_member_fk", False),
    (
        "settlement_line",
        "tenant_id",
        "batch_id",
        "settlement_batch",
        "settlement_line_batch_fk",
        False,
    ),
    (
        "webhook_delivery",
        "tenant_id",
        "endpoint_id",
        "webhook_endpoint",
        "webhook_delivery_endpoint_fk",
        False,
    ),
    (
        "webhook_delivery",
        "tenant_id",
        "event_id",
        "webhook_event",
        "webhook_delivery_event_fk",
        False,
    ),
    ("expiry_reminder", "tenant_id", "lot_id", "lot", "expiry_reminder_lot_fk", False),
    ("lottery_draw", "tenant_id", "lottery_id", "lottery", "lottery_draw_lottery_fk", False),
    ("lottery_draw", "tenant_id", "member_id", "member", "lottery_draw_member_fk", False),
    ("lottery_draw", "tenant_id", "prize_id", "lottery_prize", "lottery_draw_prize_fk", False),
    ("lottery_prize", "tenant_id", "lottery_id", "lottery", "lottery_prize_lottery_fk", False),
    ("lottery_prize", "tenant_id", "reward_id", "reward", "lottery_prize_reward_fk", False),
]


def _statements() -> list[str]:
    referenced = sorted({target for *_, target, _, _ in REFERENCES})
    statements = [
        f"ALTER TABLE {table} ADD CONSTRAINT {table}_tenant_key UNIQUE (tenant_id, id)"
        for table in referenced
    ]
    for table, tenant, column, target, name, deferred in REFERENCES:
        statements += [
            f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}",
            f"ALTER TABLE {table} ADD CONSTRAINT {name} FOREIGN KEY ({tenant}, {column})"
            f" REFERENCES {target} (tenant_id, id)"
            + (" DEFERRABLE INITIALLY DEFERRED" if deferred else ""),
        ]
    return statements


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0036_operator_sessions")]

    initial = False

    operations = [ops.RunSQL(_statements())]
