from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.earning.models import EarnRuleKind


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0007_earning_rules")]

    initial = False

    operations = [
        ops.CreateModel(
            name="EarningEvent",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("member_id", fields.UUIDField()),
                ("rule_id", fields.UUIDField()),
                ("occasion", fields.CharField(max_length=200)),
                ("local_date", fields.DateField()),
                ("points", fields.BigIntField()),
                ("streak", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "earning_event",
                "app": "pointsmall",
                "unique_together": (("tenant_id", "rule_id", "member_id", "occasion"),),
                "pk_attr": "id",
                "table_description": "Points a member earned from one non-purchase rule, once per `occasion`: the sign-up,",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Referral",
            fields=[
                (
                    "referee_id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("referrer_id", fields.UUIDField()),
                (
                    "rewarded_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "referral",
                "app": "pointsmall",
                "pk_attr": "referee_id",
                "table_description": "Who referred whom; both are rewarded at the referred member's first purchase.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ReferralCode",
            fields=[
                (
                    "code",
                    fields.CharField(primary_key=True, unique=True, db_index=True, max_length=16),
                ),
                ("tenant_id", fields.UUIDField()),
                ("member_id", fields.UUIDField(unique=True)),
            ],
            options={
                "table": "referral_code",
                "app": "pointsmall",
                "pk_attr": "code",
                "table_description": "A member's code to hand to friends.",
            },
            bases=["Model"],
        ),
        ops.AlterField(
            model_name="EarnRule",
            name="kind",
            field=fields.CharEnumField(
                description="PURCHASE: PURCHASE\nSIGNUP: SIGNUP\nPROFILE_COMPLETION: PROFILE_COMPLETION\nBIRTHDAY: BIRTHDAY\nCHECK_IN: CHECK_IN\nEVENT: EVENT\nREFERRAL: REFERRAL",
                enum_type=EarnRuleKind,
                max_length=24,
            ),
        ),
        ops.AddField(
            model_name="EarningSettings",
            name="daily_points_cap",
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name="EarningSettings",
            name="time_zone",
            field=fields.CharField(default="Asia/Shanghai", max_length=64),
        ),
    ]
