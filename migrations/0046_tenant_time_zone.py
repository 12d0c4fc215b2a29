"""One clock per merchant: the time zone is the tenant's (it was the earning settings'), and
every calendar rule reads it. A yearly clearing date is now the last day points are valid (they
expire at the local midnight that ends it, so 12-31 is 年底清零); existing policies move back one
day, which keeps the moment they named (the start of the old date)."""

from tortoise import migrations
from tortoise.migrations import operations as ops

STATEMENTS = [
    "ALTER TABLE tenant ADD COLUMN time_zone varchar(64) NOT NULL DEFAULT 'Asia/Shanghai'",
    "UPDATE tenant t SET time_zone = s.time_zone FROM earning_settings s WHERE s.tenant_id = t.id",
    "UPDATE points_policy SET"
    " clearing_month = extract(month FROM make_date(2001, clearing_month, clearing_day) - 1),"
    " clearing_day = extract(day FROM make_date(2001, clearing_month, clearing_day) - 1)"
    " WHERE expiry_kind = 'YEARLY_DATE' AND clearing_month IS NOT NULL",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0045_member_earned_day")]

    operations = [ops.RunSQL(STATEMENTS)]
