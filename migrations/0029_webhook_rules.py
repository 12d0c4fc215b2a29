"""Webhook tables: row-level security, grants, keys, indexes, and a SQL uuid7() for rows the
database creates itself (deliveries), so they sort by time like the application's ids."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = ["webhook_endpoint", "webhook_event", "webhook_delivery"]

UUID7 = """
CREATE FUNCTION uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
    substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
    FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$
"""

STATEMENTS = [
    UUID7,
    "GRANT EXECUTE ON FUNCTION uuid7() TO pointsmall_app",
    "GRANT SELECT, INSERT, UPDATE ON webhook_endpoint, webhook_delivery TO pointsmall_app",
    "GRANT SELECT, INSERT ON webhook_event TO pointsmall_app",
    *(
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)"
        for t in TABLES
    ),
    "ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_event_fk FOREIGN KEY (event_id) REFERENCES webhook_event(id)",
    "ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_endpoint_fk FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoint(id)",
    "ALTER TABLE webhook_delivery ALTER COLUMN attempts SET DEFAULT 0",
    "ALTER TABLE webhook_endpoint ALTER COLUMN event_types SET DEFAULT '[]'::jsonb",
    "CREATE INDEX webhook_endpoint_tenant_idx ON webhook_endpoint (tenant_id) WHERE enabled",
    "CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (tenant_id, next_attempt_at)"
    " WHERE status IN ('PENDING', 'SENDING')",
    "CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, id)",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0028_webhook_tables")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(TABLES))]
