from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.settlement.models import ObligationKind


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0024_platform_purchases")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="Obligation",
            name="kind",
            field=fields.CharEnumField(
                description="EXCHANGE_OUT: EXCHANGE_OUT\nEXCHANGE_IN: EXCHANGE_IN\nSPREAD: SPREAD\nPLAT_PURCHASE: PLAT_PURCHASE\nREWARD_PLAT: REWARD_PLAT\nREWARD_PLAT_RETURN: REWARD_PLAT_RETURN",
                enum_type=ObligationKind,
                max_length=24,
            ),
        ),
        ops.AddField(
            model_name="RedemptionOrder",
            name="plat_paid",
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name="RedemptionOrder",
            name="plat_value_minor",
            field=fields.BigIntField(default=0),
        ),
        ops.AddField(
            model_name="Reward",
            name="plat_priced",
            field=fields.BooleanField(default=False),
        ),
    ]
