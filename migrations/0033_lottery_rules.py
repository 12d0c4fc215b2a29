"""Lottery tables: row-level security, grants, keys and checks."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = ["lottery", "lottery_prize", "lottery_draw"]

STATEMENTS = [
    "GRANT SELECT, INSERT, UPDATE ON lottery, lottery_prize TO pointsmall_app",
    "GRANT SELECT, INSERT ON lottery_draw TO pointsmall_app",
    *(
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)"
        for t in TABLES
    ),
    "ALTER TABLE lottery_prize ADD CONSTRAINT lottery_prize_lottery_fk FOREIGN KEY (lottery_id) REFERENCES lottery(id)",
    "ALTER TABLE lottery_prize ADD CONSTRAINT lottery_prize_stock_ck CHECK (weight > 0 AND won >= 0 AND (stock IS NULL OR won <= stock))",
    "ALTER TABLE lottery_prize ALTER COLUMN won SET DEFAULT 0",
    "ALTER TABLE lottery ADD CONSTRAINT lottery_cost_ck CHECK (cost_points > 0)",
    "ALTER TABLE lottery_draw ADD CONSTRAINT lottery_draw_lottery_fk FOREIGN KEY (lottery_id) REFERENCES lottery(id)",
    "ALTER TABLE lottery_draw ADD CONSTRAINT lottery_draw_prize_fk FOREIGN KEY (prize_id) REFERENCES lottery_prize(id)",
    "ALTER TABLE lottery_draw ADD CONSTRAINT lottery_draw_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "CREATE INDEX lottery_draw_member_idx ON lottery_draw (lottery_id, member_id, created_at)",
    "CREATE INDEX lottery_prize_lottery_idx ON lottery_prize (lottery_id, id)",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0032_lottery_tables")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(TABLES))]
