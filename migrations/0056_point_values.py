"""The point's fiat value over time: a merchant schedules a new value from a date on, and points
keep the value in force when they were earned (a lot's value is the row with the latest
`effective_from` at or before its `earned_at`). Every tenant currency starts with one row from
the epoch, at the value it was created with."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = [
    "CREATE TABLE currency_value ("
    " id uuid NOT NULL,"
    " tenant_id uuid NOT NULL REFERENCES tenant(id),"
    " currency_id uuid NOT NULL REFERENCES currency(id),"
    " effective_from timestamptz NOT NULL,"
    " points_per_unit bigint NOT NULL CHECK (points_per_unit BETWEEN 1 AND 1000000),"
    " fiat_minor_units bigint NOT NULL CHECK (fiat_minor_units > 0),"
    " actor varchar(200) NOT NULL,"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " PRIMARY KEY (tenant_id, currency_id, effective_from),"
    " UNIQUE (id))",
    "INSERT INTO currency_value (id, tenant_id, currency_id, effective_from, points_per_unit,"
    " fiat_minor_units, actor)"
    " SELECT gen_random_uuid(), tenant_id, id, 'epoch', points_per_unit, fiat_minor_units,"
    " 'system' FROM currency WHERE tenant_id IS NOT NULL AND code <> 'PLAT'",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON currency_value TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0055_lottery_chances")]

    operations = [ops.RunSQL(TABLES + tenant_policies(["currency_value"]))]
