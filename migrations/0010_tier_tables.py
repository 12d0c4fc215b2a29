import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.tiers.models import Basis, Window


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0009_earning_event_rules")]

    initial = False

    operations = [
        ops.CreateModel(
            name="MemberTier",
            fields=[
                (
                    "member_id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("tier_id", fields.UUIDField()),
                ("since", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("override_tier_id", fields.UUIDField(null=True)),
                (
                    "override_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "below_since",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "member_tier",
                "app": "pointsmall",
                "pk_attr": "member_id",
                "table_description": "A member's current tier, any override, and since when they fall short of it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Tier",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("name", fields.CharField(max_length=100)),
                ("rank", fields.IntField()),
                ("threshold", fields.BigIntField()),
                ("earn_multiplier", fields.CharField(default="1", max_length=16)),
                ("birthday_multiplier", fields.CharField(default="1", max_length=16)),
                (
                    "perks",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "tier",
                "app": "pointsmall",
                "unique_together": (("tenant_id", "rank"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TierChange",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("member_id", fields.UUIDField()),
                ("from_tier_id", fields.UUIDField(null=True)),
                ("to_tier_id", fields.UUIDField()),
                ("reason", fields.CharField(max_length=200)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "tier_change", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TierPolicy",
            fields=[
                (
                    "tenant_id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "basis",
                    fields.CharEnumField(
                        default=Basis.POINTS_EARNED,
                        description="POINTS_EARNED: POINTS_EARNED\nFIAT_SPENT: FIAT_SPENT",
                        enum_type=Basis,
                        max_length=16,
                    ),
                ),
                (
                    "window",
                    fields.CharEnumField(
                        default=Window.ROLLING_MONTHS,
                        description="ROLLING_MONTHS: ROLLING_MONTHS\nCALENDAR_YEAR: CALENDAR_YEAR",
                        enum_type=Window,
                        max_length=16,
                    ),
                ),
                ("months", fields.IntField(default=12)),
                ("grace_days", fields.IntField(default=30)),
            ],
            options={"table": "tier_policy", "app": "pointsmall", "pk_attr": "tenant_id"},
            bases=["Model"],
        ),
    ]
