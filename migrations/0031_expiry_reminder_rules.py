"""Expiry reminders: row-level security, grants, keys; the reminder stages' database default."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

STATEMENTS = [
    "GRANT SELECT, INSERT ON expiry_reminder TO pointsmall_app",
    "ALTER TABLE expiry_reminder ADD CONSTRAINT expiry_reminder_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "ALTER TABLE expiry_reminder ADD CONSTRAINT expiry_reminder_lot_fk FOREIGN KEY (lot_id) REFERENCES lot(id)",
    "ALTER TABLE points_policy ALTER COLUMN reminder_days SET DEFAULT '[30, 7]'::jsonb",
    "UPDATE points_policy SET reminder_days = '[30, 7]'::jsonb WHERE reminder_days IS NULL",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0030_expiry_reminders")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(["expiry_reminder"]))]
