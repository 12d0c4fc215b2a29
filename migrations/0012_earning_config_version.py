import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.earning.models import ClawbackPolicy


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0011_tier_rules")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ClawbackDebt",
            fields=[
                (
                    "member_id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("points", fields.BigIntField(default=0)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "clawback_debt",
                "app": "pointsmall",
                "pk_attr": "member_id",
                "table_description": "Points a member owes after a refund took back more than the wallet held; under the",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Campaign",
            name="per_member_cap",
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name="Campaign",
            name="tier_ids",
            field=fields.JSONField(
                default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
        ops.AddField(
            model_name="EarningSettings",
            name="clawback_policy",
            field=fields.CharEnumField(
                default=ClawbackPolicy.WRITE_OFF,
                description="WRITE_OFF: WRITE_OFF\nREPAY_FIRST: REPAY_FIRST",
                enum_type=ClawbackPolicy,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="EarningSettings",
            name="config_version",
            field=fields.BigIntField(default=0),
        ),
    ]
