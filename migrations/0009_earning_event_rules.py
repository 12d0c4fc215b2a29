"""Earning events and referrals: row-level security, grants, keys."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = ["earning_event", "referral", "referral_code"]

STATEMENTS = [
    "GRANT SELECT, INSERT ON earning_event TO pointsmall_app",
    "GRANT SELECT, INSERT, UPDATE ON referral TO pointsmall_app",
    "GRANT SELECT, INSERT ON referral_code TO pointsmall_app",
    "ALTER TABLE referral_code ADD CONSTRAINT referral_code_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "ALTER TABLE earning_event ADD CONSTRAINT earning_event_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "ALTER TABLE earning_event ADD CONSTRAINT earning_event_rule_fk FOREIGN KEY (rule_id) REFERENCES earn_rule(id)",
    "ALTER TABLE earning_event ADD CONSTRAINT earning_event_points_ck CHECK (points >= 0)",
    "CREATE INDEX earning_event_daily_idx ON earning_event (tenant_id, member_id, local_date)",
    "ALTER TABLE referral ADD CONSTRAINT referral_referee_fk FOREIGN KEY (referee_id) REFERENCES member(id)",
    "ALTER TABLE referral ADD CONSTRAINT referral_referrer_fk FOREIGN KEY (referrer_id) REFERENCES member(id)",
    "ALTER TABLE referral ADD CONSTRAINT referral_not_self_ck CHECK (referee_id <> referrer_id)",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0008_earning_events")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(TABLES))]
