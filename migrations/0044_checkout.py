"""Checkout points payments (积分抵扣): the merchant's settings and each order's points part
(`app/checkout`). Keys lead with the tenant; checks keep the amounts whole and consistent."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = [
    "CREATE TABLE checkout_settings ("
    " tenant_id uuid PRIMARY KEY REFERENCES tenant(id),"
    " enabled boolean NOT NULL DEFAULT true,"
    " max_share_bps integer NOT NULL DEFAULT 5000 CHECK (max_share_bps BETWEEN 1 AND 10000),"
    " min_points bigint NOT NULL DEFAULT 100 CHECK (min_points >= 0),"
    " step_points bigint NOT NULL DEFAULT 100 CHECK (step_points >= 1),"
    " earn_on_points_part boolean NOT NULL DEFAULT false,"
    " authorization_seconds integer NOT NULL DEFAULT 900 CHECK (authorization_seconds >= 60),"
    " updated_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE points_payment ("
    " id uuid PRIMARY KEY,"
    " tenant_id uuid NOT NULL REFERENCES tenant(id),"
    " order_id varchar(128) NOT NULL,"
    " member_id uuid NOT NULL,"
    " order_amount bigint NOT NULL CHECK (order_amount > 0),"
    " currency varchar(3) NOT NULL,"
    " authorized_points bigint NOT NULL CHECK (authorized_points > 0),"
    " captured_points bigint NOT NULL DEFAULT 0,"
    " captured_value bigint NOT NULL DEFAULT 0 CHECK (captured_value >= 0),"
    " returned_points bigint NOT NULL DEFAULT 0,"
    " hold_id uuid NOT NULL,"
    " spend_id uuid,"
    " status varchar(16) NOT NULL DEFAULT 'AUTHORIZED'"
    "  CHECK (status IN ('AUTHORIZED', 'CAPTURED', 'VOIDED', 'EXPIRED')),"
    " expires_at timestamptz NOT NULL,"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " updated_at timestamptz NOT NULL DEFAULT now(),"
    " UNIQUE (tenant_id, order_id),"
    " UNIQUE (tenant_id, id),"
    " FOREIGN KEY (tenant_id, member_id) REFERENCES member (tenant_id, id),"
    " CHECK (captured_points BETWEEN 0 AND authorized_points),"
    " CHECK ((status = 'CAPTURED') = (spend_id IS NOT NULL)),"
    " CHECK (returned_points BETWEEN 0 AND captured_points))",
    "CREATE INDEX points_payment_due_idx ON points_payment (tenant_id, expires_at)"
    " WHERE status = 'AUTHORIZED'",
    "GRANT SELECT, INSERT, UPDATE ON checkout_settings, points_payment TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0043_worker_role")]

    operations = [ops.RunSQL(TABLES + tenant_policies(["checkout_settings", "points_payment"]))]
