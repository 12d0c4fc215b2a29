import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.ledger.accounts import Phase
from app.ledger.policy import ExpiryKind, RestoreRule


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0002_security")]

    initial = False

    operations = [
        ops.CreateModel(
            name="IdempotencyRecord",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("tenant_id", fields.UUIDField()),
                ("scope", fields.CharField(max_length=120)),
                ("key", fields.CharField(max_length=200)),
                ("request_hash", fields.CharField(max_length=64)),
                ("outcome", fields.CharField(max_length=8)),
                (
                    "response",
                    fields.JSONField(
                        null=True,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "idempotency_record",
                "app": "pointsmall",
                "unique_together": (("tenant_id", "scope", "key"),),
                "pk_attr": "id",
                "table_description": "The first outcome of a request made with an idempotency key, kept for replays.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Journal",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("code", fields.CharField(max_length=32)),
                ("reason", fields.CharField(default="", max_length=200)),
                ("actor", fields.CharField(max_length=80)),
                (
                    "metadata",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "journal",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "Transfers applied together, all or nothing, with why and by whom.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Lot",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("wallet_id", fields.UUIDField()),
                ("amount", fields.BigIntField()),
                ("remaining", fields.BigIntField()),
                ("reserved", fields.BigIntField(default=0)),
                ("expires_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("earned_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("source_transfer_id", fields.UUIDField()),
            ],
            options={
                "table": "lot",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "Points credited to a wallet together, with one expiry; debits draw on lots FIFO.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="LotAllocation",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("transfer_id", fields.UUIDField()),
                ("lot_id", fields.UUIDField()),
                ("amount", fields.BigIntField()),
                ("kind", fields.CharField(max_length=8)),
            ],
            options={
                "table": "lot_allocation",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "How much of one transfer came from (or went back to) one lot.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PointsPolicy",
            fields=[
                (
                    "tenant_id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                (
                    "expiry_kind",
                    fields.CharEnumField(
                        default=ExpiryKind.NEVER,
                        description="NEVER: NEVER\nROLLING_DAYS: ROLLING_DAYS\nMONTH_END: MONTH_END\nYEARLY_DATE: YEARLY_DATE\nINACTIVITY: INACTIVITY",
                        enum_type=ExpiryKind,
                        max_length=16,
                    ),
                ),
                ("expiry_days", fields.IntField(null=True)),
                ("expiry_months", fields.IntField(null=True)),
                ("clearing_month", fields.SmallIntField(null=True)),
                ("clearing_day", fields.SmallIntField(null=True)),
                (
                    "restore_rule",
                    fields.CharEnumField(
                        default=RestoreRule.ORIGINAL_EXPIRY,
                        description="ORIGINAL_EXPIRY: ORIGINAL_EXPIRY\nFRESH: FRESH",
                        enum_type=RestoreRule,
                        max_length=16,
                    ),
                ),
                ("member_transfers_enabled", fields.BooleanField(default=False)),
                ("member_transfer_daily_cap", fields.BigIntField(default=0)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "points_policy",
                "app": "pointsmall",
                "pk_attr": "tenant_id",
                "table_description": "A tenant's rules for when points expire and what members may do with them.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Transfer",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("journal_id", fields.UUIDField()),
                ("currency_id", fields.UUIDField()),
                ("debit_account_id", fields.UUIDField()),
                ("credit_account_id", fields.UUIDField()),
                ("amount", fields.BigIntField()),
                (
                    "phase",
                    fields.CharEnumField(
                        description="SINGLE: SINGLE\nPENDING: PENDING\nPOST: POST\nVOID: VOID\nEXPIRE: EXPIRE",
                        enum_type=Phase,
                        max_length=8,
                    ),
                ),
                ("pending_id", fields.UUIDField(null=True)),
                ("expires_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("code", fields.CharField(max_length=32)),
                ("debit_balance_after", fields.BigIntField(null=True)),
                ("credit_balance_after", fields.BigIntField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "transfer",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "One amount from one debit account to one credit account, in one currency.",
            },
            bases=["Model"],
        ),
    ]
