"""Earning tables: row-level security, grants, keys and checks."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = ["earning_settings", "earn_rule", "campaign", "purchase"]

STATEMENTS = [
    "GRANT SELECT, INSERT, UPDATE ON earning_settings, earn_rule, campaign, purchase TO pointsmall_app",
    *(
        f"ALTER TABLE {table} ADD CONSTRAINT {table}_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)"
        for table in TABLES
    ),
    "ALTER TABLE purchase ADD CONSTRAINT purchase_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "ALTER TABLE purchase ADD CONSTRAINT purchase_amounts_ck CHECK (amount >= 0 AND points >= 0"
    " AND refunded_amount BETWEEN 0 AND amount AND refunded_points BETWEEN 0 AND points)",
    "ALTER TABLE earn_rule ADD CONSTRAINT earn_rule_budget_ck CHECK (awarded_points >= 0"
    " AND (budget_points IS NULL OR awarded_points <= budget_points))",
    "ALTER TABLE campaign ADD CONSTRAINT campaign_budget_ck CHECK (awarded_points >= 0"
    " AND (budget_points IS NULL OR awarded_points <= budget_points) AND ends_at > starts_at)",
    "ALTER TABLE earning_settings ADD CONSTRAINT earning_settings_window_ck CHECK (return_window_days BETWEEN 0 AND 365)",
    "CREATE INDEX earn_rule_tenant_idx ON earn_rule (tenant_id, kind, status)",
    "CREATE INDEX campaign_tenant_idx ON campaign (tenant_id, status, ends_at)",
    "CREATE INDEX purchase_release_idx ON purchase (tenant_id, release_at) WHERE status = 'PENDING'",
    "CREATE INDEX purchase_member_idx ON purchase (tenant_id, member_id, id)",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0006_earning_tables")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(TABLES))]
