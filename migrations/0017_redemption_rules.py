"""Redemption tables: row-level security, grants, keys and checks."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = ["redemption_order", "order_event"]

STATEMENTS = [
    "GRANT SELECT, INSERT, UPDATE ON redemption_order TO pointsmall_app",
    "GRANT SELECT, INSERT ON order_event TO pointsmall_app",
    *(
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)"
        for t in TABLES
    ),
    "ALTER TABLE redemption_order ADD CONSTRAINT redemption_order_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "ALTER TABLE redemption_order ADD CONSTRAINT redemption_order_reward_fk FOREIGN KEY (reward_id) REFERENCES reward(id)",
    "ALTER TABLE redemption_order ADD CONSTRAINT redemption_order_amounts_ck CHECK (quantity > 0 AND points >= 0 AND cash >= 0)",
    "ALTER TABLE order_event ADD CONSTRAINT order_event_order_fk FOREIGN KEY (order_id) REFERENCES redemption_order(id)",
    "CREATE INDEX redemption_order_member_idx ON redemption_order (tenant_id, member_id, reward_id, created_at)",
    "CREATE INDEX order_event_order_idx ON order_event (order_id, id)",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0016_redemption_tables")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(TABLES))]
