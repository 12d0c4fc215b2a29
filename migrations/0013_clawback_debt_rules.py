"""Clawback debts: row-level security, grants, keys and checks."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

STATEMENTS = [
    "GRANT SELECT, INSERT, UPDATE ON clawback_debt TO pointsmall_app",
    "ALTER TABLE clawback_debt ADD CONSTRAINT clawback_debt_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "ALTER TABLE clawback_debt ADD CONSTRAINT clawback_debt_points_ck CHECK (points >= 0)",
    "ALTER TABLE campaign ADD CONSTRAINT campaign_member_cap_ck CHECK (per_member_cap IS NULL OR per_member_cap > 0)",
    *tenant_policies(["clawback_debt"]),
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0012_earning_config_version")]

    operations = [ops.RunSQL(STATEMENTS)]
