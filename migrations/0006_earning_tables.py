import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.earning.models import EarnRuleKind, PurchaseStatus, Status
from app.earning.rules import CampaignKind, Stacking


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0005_auth_lookups")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Campaign",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("name", fields.CharField(max_length=200)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="MULTIPLIER: MULTIPLIER\nBONUS: BONUS",
                        enum_type=CampaignKind,
                        max_length=16,
                    ),
                ),
                ("multiplier", fields.CharField(default="1", max_length=16)),
                ("bonus_points", fields.BigIntField(default=0)),
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
                ("starts_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("ends_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("budget_points", fields.BigIntField(null=True)),
                ("awarded_points", fields.BigIntField(default=0)),
                (
                    "status",
                    fields.CharEnumField(
                        default=Status.ACTIVE,
                        description="ACTIVE: ACTIVE\nARCHIVED: ARCHIVED",
                        enum_type=Status,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "campaign", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EarnRule",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                (
                    "kind",
                    fields.CharEnumField(
                        description="PURCHASE: PURCHASE", enum_type=EarnRuleKind, max_length=24
                    ),
                ),
                ("name", fields.CharField(max_length=200)),
                (
                    "status",
                    fields.CharEnumField(
                        default=Status.ACTIVE,
                        description="ACTIVE: ACTIVE\nARCHIVED: ARCHIVED",
                        enum_type=Status,
                        max_length=16,
                    ),
                ),
                ("starts_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("ends_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "config",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("budget_points", fields.BigIntField(null=True)),
                ("awarded_points", fields.BigIntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "earn_rule", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="EarningSettings",
            fields=[
                (
                    "tenant_id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("return_window_days", fields.IntField(default=7)),
                (
                    "stacking",
                    fields.CharEnumField(
                        default=Stacking.MULTIPLY,
                        description="MULTIPLY: MULTIPLY\nADD: ADD\nBEST_OF: BEST_OF",
                        enum_type=Stacking,
                        max_length=16,
                    ),
                ),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "earning_settings",
                "app": "pointsmall",
                "pk_attr": "tenant_id",
                "table_description": "A tenant's earning policy.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PurchaseRecord",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("member_id", fields.UUIDField()),
                ("order_id", fields.CharField(max_length=128)),
                ("amount", fields.BigIntField()),
                ("currency", fields.CharField(max_length=3)),
                (
                    "items",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("occurred_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("points", fields.BigIntField()),
                (
                    "breakdown",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("hold_id", fields.UUIDField(null=True)),
                ("release_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=PurchaseStatus.PENDING,
                        description="PENDING: PENDING\nRELEASED: RELEASED\nREFUNDED: REFUNDED",
                        enum_type=PurchaseStatus,
                        max_length=16,
                    ),
                ),
                ("refunded_amount", fields.BigIntField(default=0)),
                ("refunded_points", fields.BigIntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "purchase",
                "app": "pointsmall",
                "unique_together": (("tenant_id", "order_id"),),
                "pk_attr": "id",
                "table_description": "A purchase the merchant reported, the points it earned, and what was refunded.",
            },
            bases=["Model"],
        ),
    ]
