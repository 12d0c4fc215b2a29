"""The job queue: procrastinate's schema (pinned with the package, procrastinate==3.10.0), and
what the application role may do with it: enqueue jobs in its own transactions and read counts.
The worker itself connects as the owner. Upgrading procrastinate means applying its own
migrations from `procrastinate/sql/migrations` in a migration here."""

from importlib.resources import files

from tortoise import migrations
from tortoise.migrations import operations as ops

SCHEMA = files("procrastinate.sql").joinpath("schema.sql").read_text(encoding="utf-8")

GRANTS = [
    # Enqueueing runs as the owner, so the app role needs no rights on the queue's tables.
    "ALTER FUNCTION procrastinate_defer_jobs_v1(procrastinate_job_to_defer_v1[])"
    " SECURITY DEFINER SET search_path = public",
    "REVOKE ALL ON FUNCTION procrastinate_defer_jobs_v1(procrastinate_job_to_defer_v1[])"
    " FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION procrastinate_defer_jobs_v1(procrastinate_job_to_defer_v1[])"
    " TO pointsmall_app",
    "GRANT USAGE ON TYPE procrastinate_job_to_defer_v1 TO pointsmall_app",
    "GRANT SELECT ON procrastinate_jobs TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0026_added_column_defaults")]

    operations = [ops.RunSQL(SCHEMA), ops.RunSQL(GRANTS)]
