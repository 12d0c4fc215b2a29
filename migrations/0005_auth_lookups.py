"""One-statement authentication: each function answers "is this credential good, and for
which tenant" in a single round trip, joining the tenant's status.

They are SECURITY DEFINER because authentication happens before any tenant is set; each finds
one row by an id that only a verified token (staff, member) or an unguessable key prefix and
secret (API key) provides, and returns nothing else.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

FUNCTIONS = [
    "DROP FUNCTION auth_api_key_tenant(text)",
    """
    CREATE FUNCTION auth_api_key(p_prefix text) RETURNS TABLE (
      key_id uuid, tenant_id uuid, secret_hash text, scopes jsonb, last_used_at timestamptz,
      tenant_active boolean, rate_limit_per_minute int)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT k.id, k.tenant_id, k.secret_hash, k.scopes, k.last_used_at, t.status = 'ACTIVE',
             t.rate_limit_per_minute
        FROM api_key k JOIN tenant t ON t.id = k.tenant_id
       WHERE k.prefix = p_prefix AND k.revoked_at IS NULL
    $$
    """,
    """
    CREATE FUNCTION auth_staff(p_staff uuid, p_family uuid) RETURNS TABLE (
      tenant_id uuid, role text, tenant_active boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT s.tenant_id, s.role, t.status = 'ACTIVE'
        FROM staff_user s JOIN tenant t ON t.id = s.tenant_id
       WHERE s.id = p_staff AND s.is_active AND NOT EXISTS (
             SELECT 1 FROM staff_session x WHERE x.tenant_id = s.tenant_id
                AND x.family_id = p_family AND x.revoked_at IS NOT NULL)
    $$
    """,
    """
    CREATE FUNCTION auth_member(p_member uuid) RETURNS TABLE (
      tenant_id uuid, tenant_active boolean, rate_limit_per_minute int)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT m.tenant_id, t.status = 'ACTIVE', t.rate_limit_per_minute
        FROM member m JOIN tenant t ON t.id = m.tenant_id
       WHERE m.id = p_member AND m.status = 'ACTIVE'
    $$
    """,
    "REVOKE ALL ON FUNCTION auth_api_key(text), auth_staff(uuid, uuid), auth_member(uuid) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION auth_api_key(text), auth_staff(uuid, uuid), auth_member(uuid)"
    " TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0004_ledger_rules")]

    operations = [ops.RunSQL(FUNCTIONS)]
