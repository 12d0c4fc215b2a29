"""Achievements (`app/engagement/achievements.py`): goals a merchant sets, and the members who
reached them, once per member per window (the unique key that makes an unlock happen once)."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = [
    "CREATE TABLE achievement ("
    " id uuid PRIMARY KEY,"
    " tenant_id uuid NOT NULL REFERENCES tenant(id),"
    " name varchar(200) NOT NULL,"
    " description varchar(1000) NOT NULL DEFAULT '',"
    " badge_url varchar(500),"
    " kind varchar(24) NOT NULL CHECK (kind IN"
    "  ('PURCHASE_COUNT', 'SPEND_TOTAL', 'CHECK_IN_STREAK', 'EVENT_COUNT', 'TIER_RANK')),"
    " target bigint NOT NULL CHECK (target > 0),"
    " event_code varchar(64),"
    " time_window varchar(16) NOT NULL CHECK (time_window IN ('ALL_TIME', 'MONTH', 'YEAR')),"
    " points bigint NOT NULL DEFAULT 0 CHECK (points >= 0),"
    " reward_id uuid,"
    " status varchar(16) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ARCHIVED')),"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " UNIQUE (tenant_id, id),"
    " FOREIGN KEY (tenant_id, reward_id) REFERENCES reward (tenant_id, id))",
    "CREATE TABLE member_achievement ("
    " id uuid PRIMARY KEY,"
    " tenant_id uuid NOT NULL,"
    " achievement_id uuid NOT NULL,"
    " member_id uuid NOT NULL,"
    " window_key varchar(16) NOT NULL,"
    " unlocked_at timestamptz NOT NULL DEFAULT now(),"
    " order_id uuid,"
    " UNIQUE (tenant_id, achievement_id, member_id, window_key),"
    " FOREIGN KEY (tenant_id, achievement_id) REFERENCES achievement (tenant_id, id),"
    " FOREIGN KEY (tenant_id, member_id) REFERENCES member (tenant_id, id))",
    "CREATE INDEX member_achievement_member_idx ON member_achievement (tenant_id, member_id, id)",
    "GRANT SELECT, INSERT, UPDATE ON achievement TO pointsmall_app",
    "GRANT SELECT, INSERT, UPDATE (order_id) ON member_achievement TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0052_campaign_min_order")]

    operations = [ops.RunSQL(TABLES + tenant_policies(["achievement", "member_achievement"]))]
