"""Campaigns for orders from an amount up (满额送: spend 150, get 50 more): `min_order` in
minor units, 0 for every order."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0051_lottery_schedule")]

    operations = [
        ops.RunSQL(
            [
                "ALTER TABLE campaign ADD COLUMN min_order bigint NOT NULL DEFAULT 0"
                " CHECK (min_order >= 0)"
            ]
        )
    ]
