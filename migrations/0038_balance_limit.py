"""No wallet beyond 2^53-1 points: the largest integer a JavaScript client reads exactly (the
`Points` scalar's range). A no-overdraft account's (member wallets, the platform treasury)
posted balance, what is pending in, and the two together stay within it, so a hold cannot be
posted past it either. The ledger answers a transfer that would cross it as BALANCE_LIMIT
(`app/ledger/books.py`). System accounts are left unbounded: they sum every member's points,
and one merchant's huge awards must not stop its own issuing."""

from tortoise import migrations
from tortoise.migrations import operations as ops

LIMIT = 2**53 - 1


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0037_composite_tenant_keys")]

    initial = False

    operations = [
        ops.RunSQL(
            [
                "ALTER TABLE account ADD CONSTRAINT account_balance_limit_ck CHECK ("
                f" NOT no_overdraft OR (posted <= {LIMIT} AND posted + pending_cr <= {LIMIT}))"
            ]
        )
    ]
