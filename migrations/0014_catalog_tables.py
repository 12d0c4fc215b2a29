import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.catalog.models import RewardStatus, RewardType
from app.core.ids import uuid7


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0013_clawback_debt_rules")]

    initial = False

    operations = [
        ops.CreateModel(
            name="CouponCode",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("reward_id", fields.UUIDField()),
                ("code", fields.CharField(max_length=128)),
                ("order_id", fields.UUIDField(null=True)),
                (
                    "assigned_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "coupon_code",
                "app": "pointsmall",
                "unique_together": (("tenant_id", "reward_id", "code"),),
                "pk_attr": "id",
                "table_description": "One code of a COUPON reward's pool; `order_id` is set when a redemption takes it.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Reward",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("name", fields.CharField(max_length=200)),
                ("description", fields.TextField(default="", unique=False)),
                (
                    "type",
                    fields.CharEnumField(
                        description="PHYSICAL: PHYSICAL\nCOUPON: COUPON\nSERVICE: SERVICE\nDONATION: DONATION",
                        enum_type=RewardType,
                        max_length=16,
                    ),
                ),
                ("price_points", fields.BigIntField()),
                ("price_cash", fields.BigIntField(default=0)),
                ("stock_total", fields.BigIntField(default=0)),
                ("stock_available", fields.BigIntField(default=0)),
                ("per_member_limit", fields.IntField(null=True)),
                ("per_member_daily_limit", fields.IntField(null=True)),
                ("max_per_order", fields.IntField(default=1)),
                (
                    "available_from",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                (
                    "available_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("min_tier_id", fields.UUIDField(null=True)),
                (
                    "categories",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "tags",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "image_urls",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=RewardStatus.ACTIVE,
                        description="DRAFT: DRAFT\nACTIVE: ACTIVE\nARCHIVED: ARCHIVED",
                        enum_type=RewardStatus,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "reward", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
