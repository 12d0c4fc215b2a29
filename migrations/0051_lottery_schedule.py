"""Lotteries that run for a time (`starts_at`/`ends_at`, each optional), and prizes retired by
an edit: kept (past draws name them), never drawn again."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0050_purchase_rule_combination")]

    operations = [
        ops.RunSQL(
            [
                "ALTER TABLE lottery ADD COLUMN starts_at timestamptz,"
                " ADD COLUMN ends_at timestamptz,"
                " ADD CONSTRAINT lottery_window_ck CHECK (ends_at > starts_at)",
                "ALTER TABLE lottery_prize ADD COLUMN retired_at timestamptz",
                "CREATE INDEX lottery_draw_history_idx ON lottery_draw (tenant_id, member_id, id)",
            ]
        )
    ]
