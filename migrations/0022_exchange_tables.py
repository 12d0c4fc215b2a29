import functools
from json import dumps, loads
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.migrations import operations as ops

from app.core.ids import uuid7
from app.exchange.models import QuoteStatus
from app.settlement.models import BatchStatus, LineStatus, ObligationKind


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0021_service_vouchers")]

    initial = False

    operations = [
        ops.CreateModel(
            name="ExchangeListing",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("code", fields.CharField(unique=True, max_length=16)),
                ("merchant_id", fields.UUIDField(unique=True)),
                ("currency_id", fields.UUIDField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "exchange_listing",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "A merchant's currency admitted to exchange under a platform-wide code.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ExchangeQuote",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("merchant_id", fields.UUIDField()),
                ("member_id", fields.UUIDField()),
                ("customer_id", fields.UUIDField(null=True)),
                ("from_code", fields.CharField(max_length=16)),
                ("to_code", fields.CharField(max_length=16)),
                ("amount_in", fields.BigIntField()),
                ("amount_out", fields.BigIntField()),
                ("from_rate_id", fields.UUIDField(null=True)),
                ("to_rate_id", fields.UUIDField(null=True)),
                ("value_in_minor", fields.BigIntField()),
                ("value_out_minor", fields.BigIntField()),
                ("fee_minor", fields.BigIntField()),
                ("fiat_currency", fields.CharField(max_length=3)),
                (
                    "terms",
                    fields.JSONField(
                        default=dict,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=QuoteStatus.OPEN,
                        description="OPEN: OPEN\nEXECUTED: EXECUTED",
                        enum_type=QuoteStatus,
                        max_length=16,
                    ),
                ),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "executed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "exchange_quote",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "A priced offer to one member, at locked rate versions, until `expires_at`.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ExchangeRate",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("listing_id", fields.UUIDField()),
                ("version", fields.IntField()),
                ("plat_numerator", fields.BigIntField()),
                ("plat_denominator", fields.BigIntField()),
                ("spread_bps", fields.IntField()),
                ("effective_from", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("created_by", fields.CharField(max_length=80)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "exchange_rate",
                "app": "pointsmall",
                "unique_together": (("listing_id", "version"),),
                "pk_attr": "id",
                "table_description": "PLAT per point of a listed currency, as an exact fraction, from `effective_from` on.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ExchangeSettings",
            fields=[
                (
                    "tenant_id",
                    fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True),
                ),
                ("exchange_in", fields.BooleanField(default=False)),
                ("exchange_out", fields.BooleanField(default=False)),
                ("member_daily_cap", fields.BigIntField(null=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "exchange_settings",
                "app": "pointsmall",
                "pk_attr": "tenant_id",
                "table_description": "A merchant's opt-in to exchange (tenant-owned).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Obligation",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                (
                    "kind",
                    fields.CharEnumField(
                        description="EXCHANGE_OUT: EXCHANGE_OUT\nEXCHANGE_IN: EXCHANGE_IN\nSPREAD: SPREAD",
                        enum_type=ObligationKind,
                        max_length=16,
                    ),
                ),
                ("debtor_id", fields.UUIDField(null=True)),
                ("creditor_id", fields.UUIDField(null=True)),
                ("amount_minor", fields.BigIntField()),
                ("fiat_currency", fields.CharField(max_length=3)),
                ("quote_id", fields.UUIDField()),
                ("journal_id", fields.UUIDField()),
                ("batch_id", fields.UUIDField(null=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "obligation",
                "app": "pointsmall",
                "pk_attr": "id",
                "table_description": "Who owes whom (NULL = the platform), in the settlement fiat's minor units, for which",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PlatformLink",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("merchant_id", fields.UUIDField()),
                ("member_id", fields.UUIDField()),
                ("customer_id", fields.UUIDField()),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "platform_link",
                "app": "pointsmall",
                "unique_together": (("merchant_id", "member_id"),),
                "pk_attr": "id",
                "table_description": "A merchant's member linked to a platform customer (a member of the platform's books,",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SettlementBatch",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("until", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=BatchStatus.DRAFT,
                        description="DRAFT: DRAFT\nAPPROVED: APPROVED",
                        enum_type=BatchStatus,
                        max_length=16,
                    ),
                ),
                ("fiat_currency", fields.CharField(max_length=3)),
                ("obligations_total", fields.BigIntField()),
                ("platform_net", fields.BigIntField()),
                ("spread_minor", fields.BigIntField()),
                ("created_by", fields.CharField(max_length=80)),
                ("approved_by", fields.CharField(null=True, max_length=80)),
                (
                    "approved_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "settlement_batch", "app": "pointsmall", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SettlementLine",
            fields=[
                (
                    "id",
                    fields.UUIDField(primary_key=True, default=uuid7, unique=True, db_index=True),
                ),
                ("tenant_id", fields.UUIDField()),
                ("batch_id", fields.UUIDField()),
                ("merchant_id", fields.UUIDField()),
                ("net_minor", fields.BigIntField()),
                ("receivable_minor", fields.BigIntField()),
                ("payable_minor", fields.BigIntField()),
                (
                    "status",
                    fields.CharEnumField(
                        default=LineStatus.OPEN,
                        description="OPEN: OPEN\nPAID: PAID",
                        enum_type=LineStatus,
                        max_length=16,
                    ),
                ),
                ("payment_reference", fields.CharField(null=True, max_length=128)),
                ("paid_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "settlement_line",
                "app": "pointsmall",
                "unique_together": (("batch_id", "merchant_id"),),
                "pk_attr": "id",
                "table_description": "One merchant's net in a batch: positive, the platform pays it; negative, it pays.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Member",
            name="email_verified",
            field=fields.BooleanField(default=False),
        ),
        ops.AddField(
            model_name="Member",
            name="phone_verified",
            field=fields.BooleanField(default=False),
        ),
    ]
