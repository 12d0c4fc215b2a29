"""Free lottery draws earned by tasks: a lottery names the earning rules whose payments grant
free draws (`lottery_chance_rule`), each payment its grant (`lottery_chance`, unique per rule
and occasion, like the payment), and a draw says whether it was free (no cost transfer)."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = [
    "CREATE TABLE lottery_chance_rule ("
    " id uuid PRIMARY KEY,"
    " tenant_id uuid NOT NULL,"
    " lottery_id uuid NOT NULL,"
    " rule_id uuid NOT NULL,"
    " draws integer NOT NULL CHECK (draws BETWEEN 1 AND 100),"
    " UNIQUE (tenant_id, lottery_id, rule_id),"
    " FOREIGN KEY (tenant_id, lottery_id) REFERENCES lottery (tenant_id, id),"
    " FOREIGN KEY (tenant_id, rule_id) REFERENCES earn_rule (tenant_id, id))",
    "CREATE TABLE lottery_chance ("
    " id uuid PRIMARY KEY,"
    " tenant_id uuid NOT NULL,"
    " lottery_id uuid NOT NULL,"
    " member_id uuid NOT NULL,"
    " rule_id uuid NOT NULL,"
    " occasion varchar(200) NOT NULL,"
    " draws integer NOT NULL CHECK (draws > 0),"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " UNIQUE (tenant_id, lottery_id, member_id, rule_id, occasion),"
    " FOREIGN KEY (tenant_id, lottery_id) REFERENCES lottery (tenant_id, id),"
    " FOREIGN KEY (tenant_id, member_id) REFERENCES member (tenant_id, id))",
    "ALTER TABLE lottery_draw ALTER COLUMN cost_transfer_id DROP NOT NULL,"
    " ADD COLUMN free boolean NOT NULL DEFAULT false,"
    " ADD CONSTRAINT lottery_draw_paid_ck CHECK (free OR cost_transfer_id IS NOT NULL)",
    "GRANT SELECT, INSERT, DELETE ON lottery_chance_rule TO pointsmall_app",
    "GRANT SELECT, INSERT ON lottery_chance TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0054_leaderboard_prizes")]

    operations = [ops.RunSQL(TABLES + tenant_policies(["lottery_chance_rule", "lottery_chance"]))]
