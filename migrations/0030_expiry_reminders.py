import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.ledger.models import default_reminder_days


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0029_webhook_rules")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ExpiryReminder",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("lot_id", fields.UUIDField()),
                ("stage_days", fields.IntField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "expiry_reminder",
                "app": "pointsmall",
                "unique_together": (("lot_id", "stage_days"),),
                "pk_attr": "id",
                "table_description": "A lot whose members were told, at one reminder stage, that it is about to expire.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="PointsPolicy",
            name="reminder_days",
            field=fields.JSONField(
                default=default_reminder_days,
                encoder=functools.partial(dumps, separators=(",", ":")),
                decoder=loads,
            ),
        ),
    ]
