import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.ledger.accounts import AccountKind
from app.members.models import MemberStatus
from tenants.roles import StaffRole, TenantStatus


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Account",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("currency_id", fields.UUIDField()),
                (
                    "kind",
                    fields.CharEnumField(
                        description="MEMBER_WALLET: MEMBER_WALLET\nISSUANCE: ISSUANCE\nREDEMPTION: REDEMPTION\nBREAKAGE: BREAKAGE\nDONATION: DONATION\nFEE: FEE\nEXCHANGE_CLEARING: EXCHANGE_CLEARING\nTREASURY: TREASURY\nCLAWBACK_LOSS: CLAWBACK_LOSS",
                        enum_type=AccountKind,
                        max_length=24,
                    ),
                ),
                ("owner_id", fields.UUIDField()),
                ("slot", fields.SmallIntField(default=0)),
                ("posted", fields.BigIntField(default=0)),
                ("pending_dr", fields.BigIntField(default=0)),
                ("pending_cr", fields.BigIntField(default=0)),
                ("version", fields.BigIntField(default=0)),
                ("no_overdraft", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "account",
                "app": "pointsmall",
                "unique_together": (("tenant_id", "currency_id", "kind", "owner_id", "slot"),),
                "pk_attr": "id",
                "table_description": "A balance holder. Balances change only with the transfers that explain them.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApiKey",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField(db_index=True)),
                ("name", fields.CharField(max_length=200)),
                ("prefix", fields.CharField(unique=True, max_length=32)),
                ("secret_hash", fields.CharField(max_length=64)),
                (
                    "scopes",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_by", fields.UUIDField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "last_used_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "api_key",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "A merchant backend's credential: `prefix` finds it, only a hash of the secret is kept.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Currency",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField(null=True)),
                ("code", fields.CharField(max_length=16)),
                ("name", fields.CharField(max_length=100)),
                ("fiat_currency", fields.CharField(max_length=3)),
                ("fiat_minor_units", fields.BigIntField()),
                ("points_per_unit", fields.BigIntField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "currency",
                "app": "pointsmall",
                "unique_together": (("tenant_id", "code"),),
                "pk_attr": "id",
                "table_description": "A point currency: a tenant's own, or the platform's (tenant_id NULL).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Member",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("external_id", fields.CharField(max_length=128)),
                ("email", fields.CharField(null=True, max_length=254)),
                ("phone", fields.CharField(null=True, max_length=32)),
                ("display_name", fields.CharField(default="", max_length=200)),
                ("birthday", fields.DateField(null=True)),
                (
                    "attributes",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=MemberStatus.ACTIVE,
                        description="ACTIVE: ACTIVE\nBLOCKED: BLOCKED",
                        enum_type=MemberStatus,
                        max_length=16,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "member",
                "app": "pointsmall",
                "unique_together": (("tenant_id", "external_id"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Operator",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("email", fields.CharField(unique=True, max_length=254)),
                ("password_hash", fields.CharField(max_length=255)),
                ("is_active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "operator",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "A platform operator, created from the command line.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StaffSession",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("family_id", fields.UUIDField()),
                ("staff_id", fields.UUIDField()),
                ("token_hash", fields.CharField(max_length=64)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "staff_session",
                "app": "pointsmall",
                "indexes": [Index(fields=["tenant_id", "family_id"])],
                "pk_attr": "id",
                "table_description": "One refresh token of a login's family; rotating marks it used and issues the next one.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StaffUser",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField(db_index=True)),
                ("email", fields.CharField(unique=True, max_length=254)),
                ("display_name", fields.CharField(default="", max_length=200)),
                ("password_hash", fields.CharField(max_length=255)),
                (
                    "role",
                    fields.CharEnumField(
                        description="OWNER: OWNER\nADMIN: ADMIN\nSTAFF: STAFF\nVIEWER: VIEWER",
                        enum_type=StaffRole,
                        max_length=16,
                    ),
                ),
                ("is_active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "last_login_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
            ],
            options={
                "table": "staff_user",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "A merchant's staff login. Emails are unique across the platform so login needs no slug.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Tenant",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("slug", fields.CharField(unique=True, max_length=63)),
                ("name", fields.CharField(max_length=200)),
                (
                    "status",
                    fields.CharEnumField(
                        default=TenantStatus.ACTIVE,
                        description="ACTIVE: ACTIVE\nSUSPENDED: SUSPENDED",
                        enum_type=TenantStatus,
                        max_length=16,
                    ),
                ),
                ("rate_limit_per_minute", fields.IntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "tenant",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "A merchant. The registry itself is platform data: it resolves slugs and suspensions.",
            },
            bases=["Model"],
        ),
    ]
