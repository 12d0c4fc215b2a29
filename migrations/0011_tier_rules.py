"""Tier tables: row-level security, grants, keys and checks."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = ["tier", "tier_policy", "member_tier", "tier_change"]

STATEMENTS = [
    "GRANT SELECT, INSERT, UPDATE ON tier, tier_policy, member_tier TO pointsmall_app",
    "GRANT SELECT, INSERT ON tier_change TO pointsmall_app",
    *(
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)"
        for t in TABLES
    ),
    "ALTER TABLE tier ADD CONSTRAINT tier_threshold_ck CHECK (threshold >= 0 AND rank >= 0)",
    "ALTER TABLE tier_policy ADD CONSTRAINT tier_policy_ck CHECK (months BETWEEN 1 AND 60 AND grace_days BETWEEN 0 AND 365)",
    "ALTER TABLE member_tier ADD CONSTRAINT member_tier_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "ALTER TABLE member_tier ADD CONSTRAINT member_tier_tier_fk FOREIGN KEY (tier_id) REFERENCES tier(id)",
    "ALTER TABLE member_tier ADD CONSTRAINT member_tier_override_fk FOREIGN KEY (override_tier_id) REFERENCES tier(id)",
    "ALTER TABLE tier_change ADD CONSTRAINT tier_change_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "CREATE INDEX tier_change_member_idx ON tier_change (tenant_id, member_id, id)",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0010_tier_tables")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(TABLES))]
