from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0020_tier_prices")]

    initial = False

    operations = [
        ops.AddField(
            model_name="RedemptionOrder",
            name="valid_until",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="Reward",
            name="valid_days",
            field=fields.IntField(null=True),
        ),
    ]
