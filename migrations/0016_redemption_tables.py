import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.redemption.models import OrderStatus


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0015_catalog_rules")]

    initial = False

    operations = [
        ops.CreateModel(
            name="OrderEvent",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("order_id", fields.UUIDField()),
                ("from_status", fields.CharField(null=True, max_length=16)),
                ("to_status", fields.CharField(max_length=16)),
                ("actor", fields.CharField(max_length=80)),
                ("reason", fields.CharField(default="", max_length=200)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "order_event",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "One status change of an order: who, when, why.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RedemptionOrder",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("member_id", fields.UUIDField()),
                ("reward_id", fields.UUIDField()),
                ("quantity", fields.IntField()),
                ("points", fields.BigIntField()),
                ("cash", fields.BigIntField(default=0)),
                (
                    "status",
                    fields.CharEnumField(
                        description="PENDING_PAYMENT: PENDING_PAYMENT\nCONFIRMED: CONFIRMED\nFULFILLED: FULFILLED\nCOMPLETED: COMPLETED\nCANCELLED: CANCELLED\nREFUNDED: REFUNDED",
                        enum_type=OrderStatus,
                        max_length=16,
                    ),
                ),
                ("transfer_id", fields.UUIDField(null=True)),
                (
                    "coupon_codes",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "shipping",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "redemption_order", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
