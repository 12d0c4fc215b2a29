"""The commit-time check that a wallet's lots add up to its balance read every lot in the table:
its query had no `remaining > 0`, so the partial index on (wallet_id, ...) WHERE remaining > 0
could not serve it, and each commit touching a wallet scanned all lots (the clearing benchmark
found it at a million lots). Lots with nothing remaining add nothing (reserved <= remaining),
so the check is the same with the predicate, and now an index lookup."""

from tortoise import migrations
from tortoise.migrations import operations as ops

CHECK = """
CREATE OR REPLACE FUNCTION wallet_lots_match() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  wallet account%ROWTYPE;
  lot_remaining bigint;
  lot_reserved bigint;
BEGIN
  SELECT * INTO wallet FROM account WHERE id = NEW.id;
  SELECT coalesce(sum(remaining), 0), coalesce(sum(reserved), 0)
    INTO lot_remaining, lot_reserved FROM lot WHERE wallet_id = NEW.id AND remaining > 0;
  IF lot_remaining <> wallet.posted OR lot_reserved <> wallet.pending_dr THEN
    RAISE EXCEPTION 'wallet % lots (% remaining, % reserved) differ from its balance (% posted, % pending)',
      NEW.id, lot_remaining, lot_reserved, wallet.posted, wallet.pending_dr
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$
"""


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0033_lottery_rules")]

    operations = [ops.RunSQL([CHECK])]
