"""Row-level security, the application role, its grants, and the login lookups.

The application connects as `pointsmall_app` (neither owner nor superuser), so the policies
apply to it. Tenant-owned tables show only rows whose `tenant_id` equals the transaction's
`app.tenant_id`. Login must find a tenant before any tenant is set: two SECURITY DEFINER
functions answer exactly that question (which tenant owns this email / key prefix) and nothing
more.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import CURRENT_TENANT, tenant_policies

TENANT_TABLES = ["staff_user", "staff_session", "api_key", "member", "account"]

CREATE_ROLE = """
DO $$ BEGIN
  CREATE ROLE pointsmall_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
"""

GRANTS = [
    "GRANT USAGE ON SCHEMA public TO pointsmall_app",
    "GRANT SELECT, INSERT, UPDATE ON tenant, operator, staff_user, staff_session, api_key, member, account TO pointsmall_app",
    "GRANT SELECT, INSERT ON currency TO pointsmall_app",
]

FOREIGN_KEYS = [
    "ALTER TABLE staff_user ADD CONSTRAINT staff_user_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "ALTER TABLE staff_session ADD CONSTRAINT staff_session_staff_fk FOREIGN KEY (staff_id) REFERENCES staff_user(id)",
    "ALTER TABLE staff_session ADD CONSTRAINT staff_session_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "ALTER TABLE api_key ADD CONSTRAINT api_key_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "ALTER TABLE member ADD CONSTRAINT member_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "ALTER TABLE currency ADD CONSTRAINT currency_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "ALTER TABLE account ADD CONSTRAINT account_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "ALTER TABLE account ADD CONSTRAINT account_currency_fk FOREIGN KEY (currency_id) REFERENCES currency(id)",
    "ALTER TABLE account ADD CONSTRAINT account_balances_ck CHECK (pending_dr >= 0 AND pending_cr >= 0)",
    "ALTER TABLE account ADD CONSTRAINT account_no_overdraft_ck CHECK (NOT no_overdraft OR posted - pending_dr >= 0)",
    "CREATE UNIQUE INDEX currency_platform_code_uq ON currency (code) WHERE tenant_id IS NULL",
    "CREATE INDEX member_tenant_created_idx ON member (tenant_id, id)",
]


def _policies() -> list[str]:
    return [
        *tenant_policies(TENANT_TABLES),
        "ALTER TABLE currency ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY tenant_isolation ON currency USING (tenant_id IS NULL OR tenant_id = {CURRENT_TENANT})"
        f" WITH CHECK (tenant_id = {CURRENT_TENANT})",
    ]


LOGIN_LOOKUPS = [
    """
    CREATE FUNCTION auth_staff_tenant(p_email text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM staff_user WHERE email = p_email $$
    """,
    """
    CREATE FUNCTION auth_api_key_tenant(p_prefix text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM api_key WHERE prefix = p_prefix $$
    """,
    "REVOKE ALL ON FUNCTION auth_staff_tenant(text), auth_api_key_tenant(text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION auth_staff_tenant(text), auth_api_key_tenant(text) TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0001_initial")]

    operations = [
        ops.RunSQL(CREATE_ROLE),
        ops.RunSQL(GRANTS),
        ops.RunSQL(FOREIGN_KEYS),
        ops.RunSQL(_policies()),
        ops.RunSQL(LOGIN_LOOKUPS),
    ]
