"""Points each member earned per UTC day (credits from ISSUANCE less clawbacks to it), kept by
the database in the transaction of each transfer: what tier qualification sums, a few rows per
member per window instead of every transfer (`app/tiers`). Filled from the transfers so far;
`ledger verify` compares the two."""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLE = [
    "CREATE TABLE member_earned_day ("
    " tenant_id uuid NOT NULL REFERENCES tenant(id),"
    " member_id uuid NOT NULL,"
    " day date NOT NULL,"
    " points bigint NOT NULL,"
    " PRIMARY KEY (tenant_id, member_id, day))",
    "GRANT SELECT ON member_earned_day TO pointsmall_app",
]

# One statement for the backfill and the check: per tenant, member and UTC day, issuance credits
# to the member's wallet less the wallet's debits to issuance (posted transfers only), of the
# tenant `tenant` (every tenant when NULL).
EARNED = """
SELECT t.tenant_id, w.owner_id AS member_id, (t.created_at AT TIME ZONE 'UTC')::date AS day,
       sum(CASE WHEN t.credit_account_id = w.id THEN t.amount ELSE -t.amount END)::bigint AS points
  FROM transfer t
  JOIN account d ON d.id = t.debit_account_id
  JOIN account c ON c.id = t.credit_account_id
  JOIN account w ON w.id = CASE WHEN c.kind = 'MEMBER_WALLET' THEN c.id ELSE d.id END
 WHERE t.phase IN ('SINGLE', 'POST') AND (tenant IS NULL OR t.tenant_id = tenant)
   AND ((d.kind = 'ISSUANCE' AND c.kind = 'MEMBER_WALLET')
        OR (d.kind = 'MEMBER_WALLET' AND c.kind = 'ISSUANCE'))
 GROUP BY 1, 2, 3
"""

TRIGGER = r"""
CREATE FUNCTION member_earned_add() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  debit_kind text;
  credit_kind text;
  owner uuid;
  delta bigint;
BEGIN
  SELECT kind INTO debit_kind FROM account WHERE id = NEW.debit_account_id;
  SELECT kind INTO credit_kind FROM account WHERE id = NEW.credit_account_id;
  IF debit_kind = 'ISSUANCE' AND credit_kind = 'MEMBER_WALLET' THEN
    SELECT owner_id INTO owner FROM account WHERE id = NEW.credit_account_id;
    delta := NEW.amount;
  ELSIF debit_kind = 'MEMBER_WALLET' AND credit_kind = 'ISSUANCE' THEN
    SELECT owner_id INTO owner FROM account WHERE id = NEW.debit_account_id;
    delta := -NEW.amount;
  ELSE
    RETURN NULL;
  END IF;
  INSERT INTO member_earned_day (tenant_id, member_id, day, points)
  VALUES (NEW.tenant_id, owner, (NEW.created_at AT TIME ZONE 'UTC')::date, delta)
  ON CONFLICT (tenant_id, member_id, day)
  DO UPDATE SET points = member_earned_day.points + EXCLUDED.points;
  RETURN NULL;
END $$;
CREATE TRIGGER transfer_member_earned AFTER INSERT ON transfer
  FOR EACH ROW WHEN (NEW.phase IN ('SINGLE', 'POST')) EXECUTE FUNCTION member_earned_add();
"""

BACKFILL = [
    # What the rows should be, from the transfers: for the backfill, the check and rebuilds.
    "CREATE FUNCTION member_earned_expected(tenant uuid) RETURNS TABLE (tenant_id uuid,"
    f" member_id uuid, day date, points bigint) LANGUAGE sql STABLE AS $$ {EARNED} $$",
    "INSERT INTO member_earned_day (tenant_id, member_id, day, points)"
    " SELECT * FROM member_earned_expected(NULL)",
    # `ledger verify`: the rows that differ from the transfers they sum (none).
    "CREATE FUNCTION member_earned_mismatches(tenant uuid) RETURNS TABLE (tenant_id uuid,"
    " member_id uuid, day date) LANGUAGE sql STABLE AS $$"
    " WITH kept AS (SELECT * FROM member_earned_day m WHERE tenant IS NULL"
    "  OR m.tenant_id = tenant)"
    " SELECT coalesce(e.tenant_id, m.tenant_id), coalesce(e.member_id, m.member_id),"
    "  coalesce(e.day, m.day) FROM member_earned_expected(tenant) e FULL JOIN kept m"
    "  ON (m.tenant_id, m.member_id, m.day) = (e.tenant_id, e.member_id, e.day)"
    " WHERE coalesce(e.points, 0) <> coalesce(m.points, 0) $$",
    # After a hand edit of history (tests move time by editing created_at), the one call that
    # rebuilds what the database derives from transfers: the rollups, and now these sums.
    "CREATE OR REPLACE FUNCTION analytics_rollup_rebuild(tenant uuid) RETURNS void"
    " LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$"
    " DELETE FROM analytics_rollup WHERE tenant_id = tenant;"
    " INSERT INTO analytics_rollup (tenant_id, metric, hour, dim, slot, count, amount)"
    "  SELECT tenant_id, metric, hour, dim, -1, count, amount FROM analytics_expected"
    "  WHERE tenant_id = tenant;"
    " DELETE FROM member_earned_day WHERE tenant_id = tenant;"
    " INSERT INTO member_earned_day (tenant_id, member_id, day, points)"
    "  SELECT * FROM member_earned_expected(tenant); $$",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0044_checkout")]

    operations = [
        ops.RunSQL(TABLE + tenant_policies(["member_earned_day"])),
        ops.RunSQL(TRIGGER),
        ops.RunSQL(BACKFILL),
    ]
