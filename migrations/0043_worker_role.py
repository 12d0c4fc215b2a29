"""`pointsmall_worker`: what the worker needs of the job queue and nothing more, so the API and
the worker can log in as a runtime role that is not the database owner.

A runtime login is made once by whoever administers the database (README "Operations"):

    CREATE ROLE pointsmall_runtime LOGIN PASSWORD '...';
    GRANT pointsmall_app, pointsmall_worker TO pointsmall_runtime;

The API runs every statement as `pointsmall_app` (row-level security applies); the worker
fetches, finishes and retries jobs as `pointsmall_worker` and runs them as `pointsmall_app`.
Only `pointsmall migrate` needs the owner. procrastinate's functions are SECURITY INVOKER, so
the grants are on its tables and sequences; its functions stay executable by PUBLIC, except
the defer function the security migration limited (the worker defers periodic jobs through
`procrastinate_defer_periodic_job_v2`, which inserts into the queue itself)."""

from tortoise import migrations
from tortoise.migrations import operations as ops

CREATE_ROLE = """
DO $$ BEGIN
  CREATE ROLE pointsmall_worker NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
"""

GRANTS = [
    "GRANT USAGE ON SCHEMA public TO pointsmall_worker",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON procrastinate_jobs, procrastinate_events,"
    " procrastinate_periodic_defers, procrastinate_workers TO pointsmall_worker",
    "GRANT USAGE ON TYPE procrastinate_job_to_defer_v1 TO pointsmall_worker",
    "GRANT EXECUTE ON FUNCTION procrastinate_defer_jobs_v1(procrastinate_job_to_defer_v1[])"
    " TO pointsmall_worker",
    """
    DO $$ DECLARE s record; BEGIN
      FOR s IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relname LIKE 'procrastinate%'
      LOOP
        EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO pointsmall_worker', s.relname);
      END LOOP;
    END $$;
    """,
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0042_allowed_origins")]

    operations = [ops.RunSQL(CREATE_ROLE), ops.RunSQL(GRANTS)]
