"""The application role reads when each job was deferred (procrastinate's events), so the
worker's /metrics can say how long the oldest due job has waited."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0038_balance_limit")]

    initial = False

    operations = [ops.RunSQL(["GRANT SELECT ON procrastinate_events TO pointsmall_app"])]
