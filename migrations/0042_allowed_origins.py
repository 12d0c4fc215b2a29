"""Origins a merchant lets browsers call the API from (its H5 mall, its apps): CORS is checked
per request against the caller's tenant (`schema/http/cors.py`). A preflight carries no
credentials, so it asks `cors_origin_known` whether any merchant allowed the origin; the
request itself then gets CORS headers only for its own tenant's origins."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLE = [
    "CREATE TABLE tenant_origin ("
    " tenant_id uuid NOT NULL REFERENCES tenant(id),"
    " origin varchar(255) NOT NULL,"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " PRIMARY KEY (tenant_id, origin))",
    "CREATE INDEX tenant_origin_origin_idx ON tenant_origin (origin)",
    "GRANT SELECT, INSERT, DELETE ON tenant_origin TO pointsmall_app",
]

KNOWN = [
    """
    CREATE FUNCTION cors_origin_known(p_origin text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM tenant_origin WHERE origin = p_origin) $$
    """,
    "REVOKE ALL ON FUNCTION cors_origin_known(text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION cors_origin_known(text) TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0041_auth_changes")]

    initial = False

    operations = [ops.RunSQL(TABLE + tenant_policies(["tenant_origin"]) + KNOWN)]
