"""Leaderboard prizes: the points a merchant gives the top of a week's or month's board, and
each prize paid, unique per (period, rank): what makes a closed period pay once."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = [
    "CREATE TABLE leaderboard_prizes ("
    " id uuid PRIMARY KEY,"
    " tenant_id uuid NOT NULL REFERENCES tenant(id),"
    " period varchar(8) NOT NULL CHECK (period IN ('WEEK', 'MONTH')),"
    " points jsonb NOT NULL,"
    " since timestamptz NOT NULL DEFAULT now(),"
    " UNIQUE (tenant_id, period))",
    "CREATE TABLE leaderboard_payout ("
    " id uuid NOT NULL,"
    " tenant_id uuid NOT NULL,"
    " period varchar(8) NOT NULL,"
    " period_key varchar(16) NOT NULL,"
    " rank integer NOT NULL CHECK (rank > 0),"
    " member_id uuid NOT NULL,"
    " earned bigint NOT NULL,"
    " points bigint NOT NULL CHECK (points > 0),"
    " paid_at timestamptz NOT NULL DEFAULT now(),"
    " PRIMARY KEY (tenant_id, period, period_key, rank),"
    " UNIQUE (id),"
    " FOREIGN KEY (tenant_id, member_id) REFERENCES member (tenant_id, id))",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON leaderboard_prizes TO pointsmall_app",
    "GRANT SELECT, INSERT ON leaderboard_payout TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0053_achievements")]

    operations = [
        ops.RunSQL(TABLES + tenant_policies(["leaderboard_prizes", "leaderboard_payout"]))
    ]
