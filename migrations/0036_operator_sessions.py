"""Operator sessions: each operator login is a row its tokens name, so logging out (or the
console's logout) ends those tokens on the server before they expire. A platform table: no
tenant, no row-level security, like `operator` itself."""

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0035_analytics_rollups")]

    initial = False

    operations = [
        ops.CreateModel(
            name="OperatorSession",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("operator_id", fields.UUIDField()),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("ended_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "operator_session",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "One operator login: its tokens name it, and they stop working once it has ended.",
            },
            bases=["Model"],
        ),
        ops.RunSQL(
            [
                "GRANT SELECT, INSERT, UPDATE ON operator_session TO pointsmall_app",
                "ALTER TABLE operator_session ADD CONSTRAINT operator_session_operator_fk"
                " FOREIGN KEY (operator_id) REFERENCES operator(id)",
                "CREATE INDEX operator_session_operator_idx ON operator_session (operator_id)",
            ]
        ),
    ]
