"""Exchange and settlement: the platform's tenant row, row-level security, grants, keys, checks,
and the rules that keep settled obligations and approved batches as they are."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = [
    "platform_link",
    "exchange_listing",
    "exchange_rate",
    "exchange_settings",
    "exchange_quote",
    "obligation",
    "settlement_batch",
    "settlement_line",
]

PLATFORM_TENANT = (
    "INSERT INTO tenant (id, slug, name, status, created_at) VALUES"
    " ('00000000-0000-7000-8000-000000000001', 'platform', 'Pointsmall platform', 'ACTIVE', now())"
    " ON CONFLICT DO NOTHING"
)

SETTLED_OBLIGATIONS_STAY = """
CREATE FUNCTION obligation_claimed_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.batch_id IS NOT NULL
     OR (NEW.id, NEW.kind, NEW.debtor_id, NEW.creditor_id, NEW.amount_minor, NEW.quote_id,
         NEW.journal_id, NEW.created_at)
        IS DISTINCT FROM
        (OLD.id, OLD.kind, OLD.debtor_id, OLD.creditor_id, OLD.amount_minor, OLD.quote_id,
         OLD.journal_id, OLD.created_at) THEN
    RAISE EXCEPTION 'an obligation is written once and claimed by one batch'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$
"""

APPROVED_BATCHES_STAY = """
CREATE FUNCTION settlement_batch_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status <> 'DRAFT'
     OR (NEW.until, NEW.obligations_total, NEW.platform_net, NEW.spread_minor, NEW.fiat_currency)
        IS DISTINCT FROM
        (OLD.until, OLD.obligations_total, OLD.platform_net, OLD.spread_minor, OLD.fiat_currency)
  THEN
    RAISE EXCEPTION 'an approved settlement batch is immutable'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$
"""

LINES_ONLY_GET_PAID = """
CREATE FUNCTION settlement_line_paid_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status = 'PAID'
     OR (NEW.batch_id, NEW.merchant_id, NEW.net_minor, NEW.receivable_minor, NEW.payable_minor)
        IS DISTINCT FROM
        (OLD.batch_id, OLD.merchant_id, OLD.net_minor, OLD.receivable_minor, OLD.payable_minor)
     OR (SELECT status FROM settlement_batch WHERE id = OLD.batch_id) <> 'APPROVED' THEN
    RAISE EXCEPTION 'a settlement line changes only to PAID, once its batch is approved'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$
"""

STATEMENTS = [
    PLATFORM_TENANT,
    # Operators revalue PLAT (the only currency the application changes).
    "GRANT UPDATE (fiat_currency, fiat_minor_units, points_per_unit) ON currency TO pointsmall_app",
    "GRANT SELECT, INSERT, DELETE, UPDATE (customer_id) ON platform_link TO pointsmall_app",
    "GRANT SELECT, INSERT ON exchange_listing, exchange_rate TO pointsmall_app",
    "GRANT SELECT, INSERT, UPDATE ON exchange_settings, exchange_quote TO pointsmall_app",
    "GRANT SELECT, INSERT, UPDATE (batch_id) ON obligation TO pointsmall_app",
    "GRANT SELECT, INSERT, UPDATE ON settlement_batch, settlement_line TO pointsmall_app",
    *(
        f"ALTER TABLE {t} ADD CONSTRAINT {t}_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)"
        for t in TABLES
    ),
    "ALTER TABLE platform_link ADD CONSTRAINT platform_link_member_fk FOREIGN KEY (member_id) REFERENCES member(id)",
    "ALTER TABLE platform_link ADD CONSTRAINT platform_link_customer_fk FOREIGN KEY (customer_id) REFERENCES member(id)",
    "ALTER TABLE exchange_listing ADD CONSTRAINT exchange_listing_currency_fk FOREIGN KEY (currency_id) REFERENCES currency(id)",
    "ALTER TABLE exchange_rate ADD CONSTRAINT exchange_rate_listing_fk FOREIGN KEY (listing_id) REFERENCES exchange_listing(id)",
    "ALTER TABLE exchange_rate ADD CONSTRAINT exchange_rate_values_ck CHECK (plat_numerator > 0 AND plat_denominator > 0 AND spread_bps BETWEEN 0 AND 5000)",
    "ALTER TABLE exchange_quote ADD CONSTRAINT exchange_quote_amounts_ck CHECK (amount_in > 0 AND amount_out > 0 AND value_in_minor >= value_out_minor AND fee_minor >= 0)",
    "ALTER TABLE obligation ADD CONSTRAINT obligation_amount_ck CHECK (amount_minor >= 0)",
    "ALTER TABLE obligation ADD CONSTRAINT obligation_quote_fk FOREIGN KEY (quote_id) REFERENCES exchange_quote(id)",
    "ALTER TABLE obligation ADD CONSTRAINT obligation_batch_fk FOREIGN KEY (batch_id) REFERENCES settlement_batch(id) DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE settlement_line ADD CONSTRAINT settlement_line_batch_fk FOREIGN KEY (batch_id) REFERENCES settlement_batch(id)",
    "CREATE INDEX platform_link_customer_idx ON platform_link (customer_id)",
    "CREATE INDEX exchange_rate_listing_idx ON exchange_rate (listing_id, effective_from DESC, version DESC)",
    "CREATE INDEX exchange_quote_member_idx ON exchange_quote (member_id, from_code, executed_at) WHERE status = 'EXECUTED'",
    "CREATE INDEX obligation_unclaimed_idx ON obligation (created_at) WHERE batch_id IS NULL",
    "CREATE INDEX obligation_batch_idx ON obligation (batch_id)",
    "CREATE INDEX settlement_line_merchant_idx ON settlement_line (merchant_id, batch_id)",
    SETTLED_OBLIGATIONS_STAY,
    "CREATE TRIGGER obligation_claimed_once BEFORE UPDATE OR DELETE ON obligation FOR EACH ROW EXECUTE FUNCTION obligation_claimed_once()",
    APPROVED_BATCHES_STAY,
    "CREATE TRIGGER settlement_batch_immutable BEFORE UPDATE OR DELETE ON settlement_batch FOR EACH ROW EXECUTE FUNCTION settlement_batch_immutable()",
    LINES_ONLY_GET_PAID,
    "CREATE TRIGGER settlement_line_paid_only BEFORE UPDATE OR DELETE ON settlement_line FOR EACH ROW EXECUTE FUNCTION settlement_line_paid_only()",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0022_exchange_tables")]

    operations = [ops.RunSQL(STATEMENTS), ops.RunSQL(tenant_policies(TABLES))]
