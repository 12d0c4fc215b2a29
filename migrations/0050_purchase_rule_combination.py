"""How a merchant's purchase rules combine (`RuleCombination`): existing merchants keep adding
them up (ALL), as they always did; a new merchant's first own rate replaces the default one
(BEST) instead of silently paying on top of it."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0049_tenant_locale_branding_phones")]

    operations = [
        ops.RunSQL(
            [
                "ALTER TABLE earning_settings ADD COLUMN purchase_rules varchar(8) NOT NULL"
                " DEFAULT 'ALL' CHECK (purchase_rules IN ('ALL', 'BEST'))",
                "ALTER TABLE earning_settings ALTER COLUMN purchase_rules SET DEFAULT 'BEST'",
            ]
        )
    ]
