from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0018_order_tracking")]

    initial = False

    operations = [
        ops.AddField(
            model_name="RedemptionOrder",
            name="matched_points",
            field=fields.BigIntField(default=0),
        ),
        ops.AddField(
            model_name="Reward",
            name="match_budget",
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name="Reward",
            name="match_ratio",
            field=fields.CharField(default="0", max_length=16),
        ),
        ops.AddField(
            model_name="Reward",
            name="matched_points",
            field=fields.BigIntField(default=0),
        ),
    ]
