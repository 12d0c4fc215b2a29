"""Bulk jobs (`app/bulk`): the job, and its rows with their outcomes. Keys lead with the tenant;
a row is (job, row number), which is also its journals' idempotency key."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = [
    "CREATE TABLE bulk_job ("
    " id uuid PRIMARY KEY,"
    " tenant_id uuid NOT NULL REFERENCES tenant(id),"
    " kind varchar(32) NOT NULL,"
    " status varchar(16) NOT NULL DEFAULT 'QUEUED'"
    "  CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'CANCELLED')),"
    " dry_run boolean NOT NULL DEFAULT false,"
    " total integer NOT NULL CHECK (total > 0),"
    " processed integer NOT NULL DEFAULT 0,"
    " succeeded integer NOT NULL DEFAULT 0,"
    " failed integer NOT NULL DEFAULT 0,"
    " actor varchar(200) NOT NULL,"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " finished_at timestamptz,"
    " UNIQUE (tenant_id, id),"
    " CHECK (processed = succeeded + failed AND processed <= total))",
    "CREATE TABLE bulk_row ("
    " id uuid NOT NULL,"
    " tenant_id uuid NOT NULL,"
    " job_id uuid NOT NULL,"
    " row_no integer NOT NULL,"
    " data jsonb NOT NULL,"
    " status varchar(16) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'OK', 'FAILED')),"
    " error varchar(500),"
    " PRIMARY KEY (tenant_id, job_id, row_no),"
    " UNIQUE (id),"
    " FOREIGN KEY (tenant_id, job_id) REFERENCES bulk_job (tenant_id, id))",
    "CREATE INDEX bulk_row_status_idx ON bulk_row (job_id, status, row_no)",
    "GRANT SELECT, INSERT, UPDATE ON bulk_job, bulk_row TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0046_tenant_time_zone")]

    operations = [ops.RunSQL(TABLES + tenant_policies(["bulk_job", "bulk_row"]))]
