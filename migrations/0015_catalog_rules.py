"""Catalog tables: row-level security, grants, keys and checks."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = ["reward", "coupon_code"]

STATEMENTS = [
    "GRANT SELECT, INSERT, UPDATE ON reward, coupon_code TO pointsmall_app",
    *(
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)"
        for t in TABLES
    ),
    "ALTER TABLE reward ADD CONSTRAINT reward_stock_ck CHECK (stock_available >= 0 AND stock_total >= 0)",
    "ALTER TABLE reward ADD CONSTRAINT reward_price_ck CHECK (price_points >= 0 AND price_cash >= 0"
    " AND price_points + price_cash > 0 AND max_per_order >= 1)",
    "ALTER TABLE reward ADD CONSTRAINT reward_window_ck CHECK (available_until IS NULL"
    " OR available_from IS NULL OR available_until > available_from)",
    "ALTER TABLE coupon_code ADD CONSTRAINT coupon_code_reward_fk FOREIGN KEY (reward_id) REFERENCES reward(id)",
    "CREATE INDEX reward_tenant_idx ON reward (tenant_id, status, id)",
    "CREATE INDEX coupon_code_free_idx ON coupon_code (reward_id, id) WHERE order_id IS NULL",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0014_catalog_tables")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(TABLES))]
