import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.redemption.models import OrderStatus


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0017_redemption_rules")]

    initial = False

    operations = [
        ops.AlterField(
            model_name="RedemptionOrder",
            name="status",
            field=fields.CharEnumField(
                description="PENDING_PAYMENT: PENDING_PAYMENT\nCONFIRMED: CONFIRMED\nFULFILLED: FULFILLED\nSHIPPED: SHIPPED\nDELIVERED: DELIVERED\nCOMPLETED: COMPLETED\nCANCELLED: CANCELLED\nREFUNDED: REFUNDED",
                enum_type=OrderStatus,
                max_length=16,
            ),
        ),
        ops.AddField(
            model_name="RedemptionOrder",
            name="payment_reference",
            field=fields.CharField(null=True, max_length=128),
        ),
        ops.AddField(
            model_name="RedemptionOrder",
            name="tracking",
            field=fields.JSONField(
                null=True, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
    ]
