import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.webhooks.models import DeliveryStatus, EndpointStatus


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0027_job_queue")]

    initial = False

    operations = [
        ops.CreateModel(
            name="WebhookDelivery",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("event_id", fields.UUIDField()),
                ("endpoint_id", fields.UUIDField()),
                (
                    "status",
                    fields.CharEnumField(
                        default=DeliveryStatus.PENDING,
                        description="PENDING: PENDING\nSENDING: SENDING\nSUCCEEDED: SUCCEEDED\nDEAD: DEAD",
                        enum_type=DeliveryStatus,
                        max_length=16,
                    ),
                ),
                ("attempts", fields.IntField(default=0)),
                ("next_attempt_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("last_status_code", fields.IntField(null=True)),
                ("last_error", fields.CharField(null=True, max_length=300)),
                (
                    "delivered_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "webhook_delivery", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WebhookEndpoint",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("url", fields.CharField(max_length=2000)),
                ("description", fields.CharField(default="", max_length=200)),
                (
                    "event_types",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("secret", fields.CharField(max_length=100)),
                ("previous_secret", fields.CharField(null=True, max_length=100)),
                (
                    "previous_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("enabled", fields.BooleanField(default=True)),
                (
                    "status",
                    fields.CharEnumField(
                        default=EndpointStatus.ACTIVE,
                        description="ACTIVE: ACTIVE\nDISABLED: DISABLED",
                        enum_type=EndpointStatus,
                        max_length=16,
                    ),
                ),
                (
                    "failing_since",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "webhook_endpoint", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WebhookEvent",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("type", fields.CharField(max_length=64)),
                (
                    "payload",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "webhook_event",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "What happened, as sent: the body every delivery of it carries.",
            },
            bases=["Model"],
        ),
    ]
