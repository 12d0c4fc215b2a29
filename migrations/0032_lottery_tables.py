import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.engagement.models import LotteryStatus, PrizeKind


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0031_expiry_reminder_rules")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Lottery",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("name", fields.CharField(max_length=200)),
                ("cost_points", fields.BigIntField()),
                ("daily_limit", fields.IntField(null=True)),
                (
                    "status",
                    fields.CharEnumField(
                        default=LotteryStatus.ACTIVE,
                        description="ACTIVE: ACTIVE\nARCHIVED: ARCHIVED",
                        enum_type=LotteryStatus,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "lottery", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LotteryDraw",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("lottery_id", fields.UUIDField()),
                ("member_id", fields.UUIDField()),
                ("prize_id", fields.UUIDField()),
                ("seed", fields.CharField(max_length=64)),
                ("roll", fields.BigIntField()),
                (
                    "weights",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("cost_transfer_id", fields.UUIDField()),
                ("prize_order_id", fields.UUIDField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "lottery_draw",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "One draw, with what decided it: the seed, the roll and the weights in play, so an",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LotteryPrize",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("lottery_id", fields.UUIDField()),
                ("name", fields.CharField(max_length=200)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="POINTS: POINTS\nREWARD: REWARD\nNOTHING: NOTHING",
                        enum_type=PrizeKind,
                        max_length=16,
                    ),
                ),
                ("points", fields.BigIntField(null=True)),
                ("reward_id", fields.UUIDField(null=True)),
                ("weight", fields.IntField()),
                ("stock", fields.IntField(null=True)),
                ("won", fields.IntField(default=0)),
            ],
            options={"table": "lottery_prize", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
