"""The ledger's rules, enforced by PostgreSQL itself.

- Balances change only through `transfer_apply`, a trigger on transfer insert: the application
  role may insert transfers but cannot update account balances, and a new account opens empty.
- Every transfer moves one positive amount (at most 2^53-1) between two different accounts of
  its own tenant and currency, so each journal sums to zero per currency by construction.
- A hold (PENDING) resolves at most once (unique index), posts at most its amount, and cannot
  post after it expires.
- Journals, transfers and lot allocations are append-only (no grant, and a trigger).
- At COMMIT, every changed member wallet's lots add up to its balances (deferred trigger).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

NEW_TABLES = ["journal", "transfer", "lot", "lot_allocation", "points_policy", "idempotency_record"]

GRANTS = [
    "REVOKE UPDATE ON account FROM pointsmall_app",
    # SELECT ... FOR UPDATE needs UPDATE on some column; `version` is the harmless one.
    "GRANT UPDATE (version) ON account TO pointsmall_app",
    "GRANT SELECT, INSERT ON journal, transfer, lot_allocation TO pointsmall_app",
    "GRANT SELECT, INSERT, UPDATE ON lot, points_policy, idempotency_record TO pointsmall_app",
    "GRANT USAGE ON SEQUENCE idempotency_record_id_seq TO pointsmall_app",
]

CONSTRAINTS = [
    "ALTER TABLE transfer ADD CONSTRAINT transfer_amount_ck CHECK (amount > 0 AND amount <= 9007199254740991)",
    "ALTER TABLE transfer ADD CONSTRAINT transfer_two_accounts_ck CHECK (debit_account_id <> credit_account_id)",
    "ALTER TABLE transfer ADD CONSTRAINT transfer_phase_ck CHECK (phase IN ('SINGLE','PENDING','POST','VOID','EXPIRE'))",
    "ALTER TABLE transfer ADD CONSTRAINT transfer_pending_ref_ck CHECK ((phase IN ('POST','VOID','EXPIRE')) = (pending_id IS NOT NULL))",
    "ALTER TABLE transfer ADD CONSTRAINT transfer_journal_fk FOREIGN KEY (journal_id) REFERENCES journal(id)",
    "ALTER TABLE transfer ADD CONSTRAINT transfer_debit_fk FOREIGN KEY (debit_account_id) REFERENCES account(id)",
    "ALTER TABLE transfer ADD CONSTRAINT transfer_credit_fk FOREIGN KEY (credit_account_id) REFERENCES account(id)",
    "ALTER TABLE transfer ADD CONSTRAINT transfer_pending_fk FOREIGN KEY (pending_id) REFERENCES transfer(id)",
    "CREATE UNIQUE INDEX transfer_resolves_once_uq ON transfer (pending_id) WHERE phase IN ('POST','VOID','EXPIRE')",
    "CREATE INDEX transfer_debit_idx ON transfer (debit_account_id, id)",
    "CREATE INDEX transfer_credit_idx ON transfer (credit_account_id, id)",
    "CREATE INDEX transfer_journal_idx ON transfer (journal_id)",
    "CREATE INDEX transfer_open_holds_idx ON transfer (debit_account_id, expires_at) WHERE phase = 'PENDING'",
    "ALTER TABLE journal ADD CONSTRAINT journal_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "CREATE INDEX journal_tenant_idx ON journal (tenant_id, id)",
    "CREATE INDEX journal_returns_idx ON journal ((metadata->>'returns_transfer_id'))"
    " WHERE metadata ? 'returns_transfer_id'",
    "ALTER TABLE lot ADD CONSTRAINT lot_amounts_ck CHECK (0 <= reserved AND reserved <= remaining AND remaining <= amount AND amount > 0)",
    "ALTER TABLE lot ADD CONSTRAINT lot_wallet_fk FOREIGN KEY (wallet_id) REFERENCES account(id)",
    "ALTER TABLE lot ADD CONSTRAINT lot_source_fk FOREIGN KEY (source_transfer_id) REFERENCES transfer(id)",
    "CREATE INDEX lot_wallet_fifo_idx ON lot (wallet_id, expires_at, earned_at, id) WHERE remaining > 0",
    "CREATE INDEX lot_expiry_idx ON lot (tenant_id, expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL",
    "ALTER TABLE lot_allocation ADD CONSTRAINT lot_allocation_amount_ck CHECK (amount > 0)",
    "ALTER TABLE lot_allocation ADD CONSTRAINT lot_allocation_kind_ck CHECK (kind IN ('CONSUME','RESERVE','RELEASE','RESTORE'))",
    "ALTER TABLE lot_allocation ADD CONSTRAINT lot_allocation_transfer_fk FOREIGN KEY (transfer_id) REFERENCES transfer(id)",
    "ALTER TABLE lot_allocation ADD CONSTRAINT lot_allocation_lot_fk FOREIGN KEY (lot_id) REFERENCES lot(id)",
    "CREATE INDEX lot_allocation_transfer_idx ON lot_allocation (transfer_id)",
    "CREATE INDEX lot_allocation_lot_idx ON lot_allocation (lot_id)",
    "ALTER TABLE points_policy ADD CONSTRAINT points_policy_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant(id)",
    "ALTER TABLE idempotency_record ADD CONSTRAINT idempotency_outcome_ck CHECK (outcome IN ('PENDING','OK','REJECTED'))",
]

TRANSFER_APPLY = r"""
CREATE FUNCTION transfer_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  held bigint := 0;
  hold transfer%ROWTYPE;
  posted_delta bigint := 0;
  pending_delta bigint := 0;
BEGIN
  IF NEW.phase IN ('POST', 'VOID', 'EXPIRE') THEN
    SELECT * INTO hold FROM transfer WHERE id = NEW.pending_id AND phase = 'PENDING';
    IF NOT FOUND OR hold.debit_account_id <> NEW.debit_account_id
       OR hold.credit_account_id <> NEW.credit_account_id OR hold.currency_id <> NEW.currency_id THEN
      RAISE EXCEPTION 'transfer % resolves no matching hold', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    held := hold.amount;
    IF NEW.phase = 'POST' AND NEW.amount > held THEN
      RAISE EXCEPTION 'post of % exceeds hold of %', NEW.amount, held USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.phase = 'POST' AND hold.expires_at IS NOT NULL AND hold.expires_at <= now() THEN
      RAISE EXCEPTION 'hold % expired', hold.id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.phase <> 'POST' AND NEW.amount <> held THEN
      RAISE EXCEPTION 'void must release the whole hold' USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  posted_delta := CASE WHEN NEW.phase IN ('SINGLE', 'POST') THEN NEW.amount ELSE 0 END;
  pending_delta := CASE WHEN NEW.phase = 'PENDING' THEN NEW.amount
                        WHEN NEW.phase = 'SINGLE' THEN 0 ELSE -held END;
  UPDATE account SET posted = posted - posted_delta, pending_dr = pending_dr + pending_delta,
                     version = version + 1
   WHERE id = NEW.debit_account_id AND tenant_id = NEW.tenant_id AND currency_id = NEW.currency_id
   RETURNING posted INTO NEW.debit_balance_after;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'debit account is not in the transfer''s tenant and currency' USING ERRCODE = 'check_violation';
  END IF;
  UPDATE account SET posted = posted + posted_delta, pending_cr = pending_cr + pending_delta,
                     version = version + 1
   WHERE id = NEW.credit_account_id AND tenant_id = NEW.tenant_id AND currency_id = NEW.currency_id
   RETURNING posted INTO NEW.credit_balance_after;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'credit account is not in the transfer''s tenant and currency' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$
"""

APPEND_ONLY = r"""
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$
"""

ACCOUNT_OPENS_EMPTY = r"""
CREATE FUNCTION account_opens_empty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.posted <> 0 OR NEW.pending_dr <> 0 OR NEW.pending_cr <> 0 THEN
    RAISE EXCEPTION 'accounts open with zero balances' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$
"""

WALLET_LOTS_MATCH = r"""
CREATE FUNCTION wallet_lots_match() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  wallet account%ROWTYPE;
  lot_remaining bigint;
  lot_reserved bigint;
BEGIN
  SELECT * INTO wallet FROM account WHERE id = NEW.id;
  SELECT coalesce(sum(remaining), 0), coalesce(sum(reserved), 0)
    INTO lot_remaining, lot_reserved FROM lot WHERE wallet_id = NEW.id;
  IF lot_remaining <> wallet.posted OR lot_reserved <> wallet.pending_dr THEN
    RAISE EXCEPTION 'wallet % lots (% remaining, % reserved) differ from its balance (% posted, % pending)',
      NEW.id, lot_remaining, lot_reserved, wallet.posted, wallet.pending_dr
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$
"""

TRIGGERS = [
    TRANSFER_APPLY,
    "CREATE TRIGGER transfer_apply BEFORE INSERT ON transfer FOR EACH ROW EXECUTE FUNCTION transfer_apply()",
    APPEND_ONLY,
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
        for table in ("journal", "transfer", "lot_allocation")
    ),
    ACCOUNT_OPENS_EMPTY,
    "CREATE TRIGGER account_opens_empty BEFORE INSERT ON account FOR EACH ROW EXECUTE FUNCTION account_opens_empty()",
    WALLET_LOTS_MATCH,
    "CREATE CONSTRAINT TRIGGER wallet_lots_match AFTER UPDATE ON account DEFERRABLE INITIALLY DEFERRED"
    " FOR EACH ROW WHEN (NEW.kind = 'MEMBER_WALLET') EXECUTE FUNCTION wallet_lots_match()",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0003_ledger_tables")]

    operations = [
        ops.RunSQL(GRANTS),
        ops.RunSQL(CONSTRAINTS),
        ops.RunSQL(TRIGGERS),
        ops.RunSQL(tenant_policies(NEW_TABLES)),
    ]
