import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0011_tier_rules")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Campaign",
            name="tier_ids",
            field=fields.JSONField(
                default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
        ops.AddField(
            model_name="EarningSettings",
            name="config_version",
            field=fields.BigIntField(default=0),
        ),
    ]
