"""Authorizations that change are announced: NOTIFY `pointsmall_auth` at commit, so that every
API process forgets the principals it remembers (`tenants/principal_cache.py`). Fired when
what `auth_staff`, `auth_member`, `auth_api_key` and the operator check read changes: a staff
member's role or activity, a revoked session or API key (or its scopes), a member's status, a
tenant's status or rate limit, an ended operator session or an operator's activity; and when
such a row is deleted."""

from tortoise import migrations
from tortoise.migrations import operations as ops

NOTIFY = r"""
CREATE FUNCTION auth_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pointsmall_auth', '');
  RETURN NULL;
END $$
"""

# table -> the columns whose change matters
WATCHED = {
    "staff_user": ["role", "is_active"],
    "staff_session": ["revoked_at"],
    "api_key": ["revoked_at", "scopes"],
    "member": ["status"],
    "tenant": ["status", "rate_limit_per_minute"],
    "operator_session": ["ended_at"],
    "operator": ["is_active"],
}


def _triggers() -> list[str]:
    statements = [NOTIFY]
    for table, columns in WATCHED.items():
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        statements += [
            f"CREATE TRIGGER {table}_auth_changed AFTER UPDATE OF {', '.join(columns)}"
            f" ON {table} FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION auth_changed()",
            f"CREATE TRIGGER {table}_auth_deleted AFTER DELETE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION auth_changed()",
        ]
    statements.append(
        "CREATE TRIGGER staff_session_auth_revoked AFTER INSERT ON staff_session FOR EACH ROW"
        " WHEN (NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION auth_changed()"
    )
    return statements


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0040_ledger_batch")]

    initial = False

    operations = [ops.RunSQL(_triggers())]
