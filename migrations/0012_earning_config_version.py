from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0011_tier_rules")]

    initial = False

    operations = [
        ops.AddField(
            model_name="EarningSettings",
            name="config_version",
            field=fields.BigIntField(default=0),
        ),
    ]
