"""Database defaults for the NOT NULL columns added to existing tables since 0001, so the
release before each migration still inserts rows after it (a rollback of the pods needs no
rollback of the schema). Columns added from here on get their default in their own migration."""

from tortoise import migrations
from tortoise.migrations import operations as ops

DEFAULTS = {
    ("member", "email_verified"): "false",
    ("member", "phone_verified"): "false",
    ("reward", "plat_priced"): "false",
    ("reward", "match_ratio"): "'0'",
    ("reward", "matched_points"): "0",
    ("reward", "tier_prices"): "'{}'::jsonb",
    ("redemption_order", "matched_points"): "0",
    ("redemption_order", "plat_paid"): "false",
    ("redemption_order", "plat_value_minor"): "0",
    ("campaign", "tier_ids"): "'[]'::jsonb",
    ("earning_settings", "clawback_policy"): "'WRITE_OFF'",
    ("earning_settings", "config_version"): "0",
}


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0025_plat_rewards")]

    operations = [
        ops.RunSQL(
            [
                f"ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {value}"
                for (table, column), value in DEFAULTS.items()
            ]
        )
    ]
