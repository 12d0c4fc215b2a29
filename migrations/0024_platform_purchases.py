from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.settlement.models import ObligationKind


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0023_exchange_rules")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="Obligation",
            name="kind",
            field=fields.CharEnumField(
                description="EXCHANGE_OUT: EXCHANGE_OUT\nEXCHANGE_IN: EXCHANGE_IN\nSPREAD: SPREAD\nPLAT_PURCHASE: PLAT_PURCHASE",
                enum_type=ObligationKind,
                max_length=16,
            ),
        ),
        ops.AlterField(
            model_name="Obligation",
            name="quote_id",
            field=fields.UUIDField(null=True),
        ),
    ]
