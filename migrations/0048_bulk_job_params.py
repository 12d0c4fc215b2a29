"""Bulk jobs of several kinds: what the whole job does (a segment action's points or reward)
is kept once with the job, not on each of its rows."""

from tortoise import migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0047_bulk_jobs")]

    operations = [
        ops.RunSQL(
            [
                "ALTER TABLE bulk_job ADD COLUMN params jsonb NOT NULL DEFAULT '{}'",
                "ALTER TABLE bulk_job ADD CONSTRAINT bulk_job_kind_check CHECK (kind IN"
                " ('POINTS', 'IMPORT_MEMBERS', 'SEGMENT_POINTS', 'SEGMENT_REWARD'))",
            ]
        )
    ]
