"""Analytics rollups, kept by the database in the transaction of each change.

`analytics_rollup` holds sums per tenant, metric, UTC hour and dimension:
- `points`: posted points flowing into or out of member wallets, by category (`points_flow`):
  ISSUED:<source>, RETURNED, REDEEMED, EXPIRED, ADJUSTED, EXCHANGED_OUT;
- `reward` / `tier:<tier id>` / `orders`: redemption orders (count, points) per reward, per
  reward among members of a tier (their tier when ordering; the tier is in the metric so one
  tier's rows are one index range), and all together (kept by the hour for hour-of-day
  figures), net of cancelled and refunded orders;
- `campaign` / `campaign_sales`: purchases a campaign added points to, those points, and
  what those purchases came to (per fiat currency);
- `members`: members by when they joined; `last_active`: member wallets by the hour of their
  last earning or spending (a wallet's row moves from its old hour to the new one), so "active
  within N days" is a sum over N days of rows, not a scan of every wallet.

Writers never queue on a rollup row that another lock does not already serialise them on: a
points row's `slot` is the slot of the system account the transfer touches (transfer_apply has
that row locked), reward rows are written under the reward's row lock, and campaign rows are
spread over slots by member. Only these SECURITY DEFINER functions write rollups (the app role
may read them); `analytics_rollup_compact` folds the slots of past hours into one row, and
past local days into one row each, so a year stays a few thousand rows per metric. `analytics_expected` recomputes every rollup
from the rows it summarises: `ledger verify` and `pointsmall analytics verify` compare the two.

Member wallets also get `last_activity_at`: the time of the member's last earning or spending
(not expiry), set by transfer_apply, for active-member counts and recall lists.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

from migrations._tenancy import tenant_policies

TABLES = [
    "CREATE TABLE analytics_rollup ("
    # (no foreign key to tenant: rollups are derived rows, and the check would lock the tenant
    # row from every transaction that opens a rollup row)
    " tenant_id uuid NOT NULL, metric text NOT NULL,"
    " hour timestamptz NOT NULL, dim text NOT NULL, slot smallint NOT NULL,"
    " count bigint NOT NULL, amount bigint NOT NULL,"
    " PRIMARY KEY (tenant_id, metric, hour, dim, slot))",
    "COMMENT ON TABLE analytics_rollup IS 'Hourly sums of points flows, orders and campaign"
    " purchases, kept by triggers in the transaction of each change.'",
    "GRANT SELECT ON analytics_rollup TO pointsmall_app",
    "ALTER TABLE account ADD COLUMN last_activity_at timestamptz",
    # Hot accounts (system slots, busy wallets) are updated thousands of times between
    # autovacuum runs: room on each page keeps those updates HOT, and vacuum comes sooner.
    "ALTER TABLE account SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.01,"
    " autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0)",
    "CREATE INDEX account_wallet_activity_idx ON account (tenant_id, last_activity_at)"
    " WHERE kind = 'MEMBER_WALLET'",
    # The expiry job walks a tenant's wallets in id order; this keeps it off other tenants'.
    "CREATE INDEX account_wallet_idx ON account (tenant_id, id) WHERE kind = 'MEMBER_WALLET'",
    # A member's wallet by member (wallet reads looked it up with a scan of every account).
    "CREATE INDEX account_wallet_owner_idx ON account (owner_id) WHERE kind = 'MEMBER_WALLET'",
    "ALTER TABLE redemption_order ADD COLUMN member_tier_id uuid",
    "CREATE INDEX member_created_idx ON member (tenant_id, created_at)",
    # Keyset pages of a tenant's members and orders (CSV exports).
    "CREATE INDEX member_tenant_page_idx ON member (tenant_id, id)",
    "CREATE INDEX redemption_order_tenant_page_idx ON redemption_order (tenant_id, id)",
]

POINTS_FLOW = r"""
CREATE FUNCTION points_flow(debit_kind text, credit_kind text, code text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN debit_kind = 'MEMBER_WALLET' AND credit_kind = 'MEMBER_WALLET' THEN NULL
    WHEN credit_kind = 'MEMBER_WALLET' THEN CASE
      WHEN debit_kind = 'EXCHANGE_CLEARING' THEN 'ISSUED:EXCHANGE_IN'
      WHEN debit_kind IN ('REDEMPTION', 'DONATION') THEN 'RETURNED'
      WHEN code IN ('PURCHASE', 'PURCHASE_PENDING') THEN 'ISSUED:PURCHASE'
      WHEN code = 'CHECK_IN' THEN 'ISSUED:CHECK_IN'
      WHEN code = 'REFERRAL' THEN 'ISSUED:REFERRAL'
      WHEN code IN ('SIGNUP', 'PROFILE_COMPLETION', 'BIRTHDAY', 'EVENT') THEN 'ISSUED:TASK'
      WHEN code = 'LOTTERY_PRIZE' THEN 'ISSUED:LOTTERY'
      ELSE 'ISSUED:MANUAL' END
    WHEN debit_kind = 'MEMBER_WALLET' THEN CASE
      WHEN credit_kind IN ('REDEMPTION', 'DONATION') THEN 'REDEEMED'
      WHEN credit_kind = 'BREAKAGE' THEN 'EXPIRED'
      WHEN credit_kind = 'EXCHANGE_CLEARING' THEN 'EXCHANGED_OUT'
      ELSE 'ADJUSTED' END
  END
$$
"""

# Distinct slots per system account kind, so a rollup row is only ever written by holders of
# one system account row's lock.
KIND_SLOT = r"""
CREATE FUNCTION rollup_slot(kind text, slot smallint) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (8 * array_position(ARRAY['ISSUANCE', 'REDEMPTION', 'BREAKAGE', 'DONATION', 'FEE',
    'EXCHANGE_CLEARING', 'TREASURY', 'CLAWBACK_LOSS'], kind) + slot)::smallint
$$
"""

ROLLUP_ADD = r"""
CREATE FUNCTION rollup_add(tenant uuid, metric text, at timestamptz, dim text, slot smallint,
                           n bigint, points bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO analytics_rollup AS r (tenant_id, metric, hour, dim, slot, count, amount)
  VALUES (tenant, metric, date_trunc('hour', at, 'UTC'), dim, slot, n, points)
  ON CONFLICT (tenant_id, metric, hour, dim, slot)
  DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount
$$
"""

# Migration 0004's transfer_apply, plus: the wallet's last activity, and the points and
# last-active rollups.
TRANSFER_APPLY = r"""
CREATE OR REPLACE FUNCTION transfer_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  held bigint := 0;
  hold transfer%ROWTYPE;
  posted_delta bigint := 0;
  pending_delta bigint := 0;
  debit_kind text;
  debit_slot smallint;
  credit_kind text;
  credit_slot smallint;
  debit_active timestamptz;
  credit_active timestamptz;
  was_active timestamptz;
  flow text;
  active boolean;
  slot_ smallint;
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
  -- (FOR UPDATE: the ledger locks both accounts before it posts, so this waits for nothing;
  -- it makes sure the last activity read is the one this transfer moves from)
  SELECT kind, slot, last_activity_at INTO debit_kind, debit_slot, debit_active
    FROM account WHERE id = NEW.debit_account_id FOR UPDATE;
  SELECT kind, slot, last_activity_at INTO credit_kind, credit_slot, credit_active
    FROM account WHERE id = NEW.credit_account_id FOR UPDATE;
  flow := points_flow(debit_kind, credit_kind, coalesce(hold.code, NEW.code));
  active := NEW.phase IN ('SINGLE', 'PENDING', 'POST')
            AND (flow LIKE 'ISSUED:%' OR flow = 'REDEEMED');
  posted_delta := CASE WHEN NEW.phase IN ('SINGLE', 'POST') THEN NEW.amount ELSE 0 END;
  pending_delta := CASE WHEN NEW.phase = 'PENDING' THEN NEW.amount
                        WHEN NEW.phase = 'SINGLE' THEN 0 ELSE -held END;
  UPDATE account SET posted = posted - posted_delta, pending_dr = pending_dr + pending_delta,
                     version = version + 1,
                     last_activity_at = CASE WHEN active AND kind = 'MEMBER_WALLET'
                                        THEN NEW.created_at ELSE last_activity_at END
   WHERE id = NEW.debit_account_id AND tenant_id = NEW.tenant_id AND currency_id = NEW.currency_id
   RETURNING posted INTO NEW.debit_balance_after;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'debit account is not in the transfer''s tenant and currency' USING ERRCODE = 'check_violation';
  END IF;
  UPDATE account SET posted = posted + posted_delta, pending_cr = pending_cr + pending_delta,
                     version = version + 1,
                     last_activity_at = CASE WHEN active AND kind = 'MEMBER_WALLET'
                                        THEN NEW.created_at ELSE last_activity_at END
   WHERE id = NEW.credit_account_id AND tenant_id = NEW.tenant_id AND currency_id = NEW.currency_id
   RETURNING posted INTO NEW.credit_balance_after;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'credit account is not in the transfer''s tenant and currency' USING ERRCODE = 'check_violation';
  END IF;
  slot_ := CASE WHEN debit_kind = 'MEMBER_WALLET' THEN rollup_slot(credit_kind, credit_slot)
                ELSE rollup_slot(debit_kind, debit_slot) END;
  IF posted_delta > 0 AND flow IS NOT NULL THEN
    PERFORM rollup_add(NEW.tenant_id, 'points', NEW.created_at, flow, slot_, 1, posted_delta);
  END IF;
  -- The member's last activity moves to this hour: one fewer last active then, one more now.
  was_active := CASE WHEN debit_kind = 'MEMBER_WALLET' THEN debit_active ELSE credit_active END;
  IF active AND (was_active IS NULL
                 OR date_trunc('hour', was_active, 'UTC') <> date_trunc('hour', NEW.created_at, 'UTC'))
  THEN
    IF was_active IS NOT NULL THEN
      PERFORM rollup_add(NEW.tenant_id, 'last_active', was_active, '', slot_, -1, 0);
    END IF;
    PERFORM rollup_add(NEW.tenant_id, 'last_active', NEW.created_at, '', slot_, 1, 0);
  END IF;
  RETURN NEW;
END $$
"""

# The member's effective tier, as tier_standing reads it: an override while it lasts, else the
# tier row, else (no row yet) the lowest tier.
ORDER_TIER = r"""
CREATE FUNCTION redemption_order_tier() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  NEW.member_tier_id := coalesce(
    (SELECT CASE WHEN override_tier_id IS NOT NULL AND (override_until IS NULL OR override_until > now())
                 THEN override_tier_id ELSE tier_id END
       FROM member_tier WHERE member_id = NEW.member_id),
    (SELECT id FROM tier WHERE tenant_id = NEW.tenant_id ORDER BY rank LIMIT 1));
  RETURN NEW;
END $$
"""

# An order counts from when it is placed until it is cancelled or refunded, in the hour it was
# placed (so a range's redemptions are the orders placed in it that still stand).
ORDER_ROLLUP = r"""
CREATE FUNCTION redemption_order_rollup() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  sign bigint;
  row_ redemption_order%ROWTYPE;
BEGIN
  IF TG_OP = 'INSERT' AND NEW.status NOT IN ('CANCELLED', 'REFUNDED') THEN
    sign := 1;
    row_ := NEW;
  ELSIF TG_OP = 'UPDATE' AND OLD.status NOT IN ('CANCELLED', 'REFUNDED')
        AND NEW.status IN ('CANCELLED', 'REFUNDED') THEN
    sign := -1;
    row_ := OLD;
  ELSE
    RETURN NULL;
  END IF;
  PERFORM rollup_add(row_.tenant_id, 'reward', row_.created_at, row_.reward_id::text, 0::smallint,
                     sign, sign * row_.points);
  PERFORM rollup_add(row_.tenant_id, 'tier:' || coalesce(row_.member_tier_id::text, 'none'),
                     row_.created_at, row_.reward_id::text, 0::smallint, sign, sign * row_.points);
  PERFORM rollup_add(row_.tenant_id, 'orders', row_.created_at, '',
                     (hashtext(row_.reward_id::text) & 1023)::smallint, sign, sign * row_.points);
  RETURN NULL;
END $$
"""

MEMBER_ROLLUP = r"""
CREATE FUNCTION member_rollup() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM rollup_add(NEW.tenant_id, 'members', NEW.created_at, '',
                     (hashtext(NEW.id::text) & 7)::smallint, 1, 0);
  RETURN NULL;
END $$
"""

PURCHASE_ROLLUP = r"""
CREATE FUNCTION purchase_campaign_rollup() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  line record;
BEGIN
  FOR line IN SELECT l->>'source_id' AS campaign, sum((l->>'points')::bigint)::bigint AS points
                FROM jsonb_array_elements(NEW.breakdown::jsonb) l
               WHERE l->>'source' = 'CAMPAIGN' GROUP BY 1 ORDER BY 1 LOOP
    PERFORM rollup_add(NEW.tenant_id, 'campaign', NEW.created_at, line.campaign,
                       (hashtext(NEW.member_id::text) & 7)::smallint, 1, line.points);
    PERFORM rollup_add(NEW.tenant_id, 'campaign_sales', NEW.created_at,
                       line.campaign || ':' || NEW.currency,
                       (hashtext(NEW.member_id::text) & 7)::smallint, 1, NEW.amount);
  END LOOP;
  RETURN NULL;
END $$
"""

EXPECTED = r"""
CREATE VIEW analytics_expected WITH (security_invoker = true) AS
SELECT t.tenant_id, 'points'::text AS metric, date_trunc('hour', t.created_at, 'UTC') AS hour,
       points_flow(d.kind, c.kind, coalesce(h.code, t.code)) AS dim,
       count(*)::bigint AS count, sum(t.amount)::bigint AS amount
  FROM transfer t
  JOIN account d ON d.id = t.debit_account_id
  JOIN account c ON c.id = t.credit_account_id
  LEFT JOIN transfer h ON h.id = t.pending_id
 WHERE t.phase IN ('SINGLE', 'POST')
   AND points_flow(d.kind, c.kind, coalesce(h.code, t.code)) IS NOT NULL
 GROUP BY 1, 2, 3, 4
UNION ALL
SELECT tenant_id, 'reward', date_trunc('hour', created_at, 'UTC'), reward_id::text,
       count(*), sum(points)::bigint
  FROM redemption_order WHERE status NOT IN ('CANCELLED', 'REFUNDED') GROUP BY 1, 2, 3, 4
UNION ALL
SELECT tenant_id, 'members', date_trunc('hour', created_at, 'UTC'), '', count(*), 0
  FROM member GROUP BY 1, 2, 3, 4
UNION ALL
SELECT tenant_id, 'last_active', date_trunc('hour', last_activity_at, 'UTC'), '', count(*), 0
  FROM account WHERE kind = 'MEMBER_WALLET' AND last_activity_at IS NOT NULL GROUP BY 1, 2, 3, 4
UNION ALL
SELECT tenant_id, 'orders', date_trunc('hour', created_at, 'UTC'), '', count(*), sum(points)::bigint
  FROM redemption_order WHERE status NOT IN ('CANCELLED', 'REFUNDED') GROUP BY 1, 2, 3, 4
UNION ALL
SELECT tenant_id, 'tier:' || coalesce(member_tier_id::text, 'none'),
       date_trunc('hour', created_at, 'UTC'), reward_id::text, count(*), sum(points)::bigint
  FROM redemption_order WHERE status NOT IN ('CANCELLED', 'REFUNDED') GROUP BY 1, 2, 3, 4
UNION ALL
SELECT p.tenant_id, 'campaign', date_trunc('hour', p.created_at, 'UTC'), c.campaign,
       count(*), sum(c.points)::bigint
  FROM purchase p, LATERAL (SELECT l->>'source_id' AS campaign, sum((l->>'points')::bigint) AS points
    FROM jsonb_array_elements(p.breakdown::jsonb) l WHERE l->>'source' = 'CAMPAIGN' GROUP BY 1) c
 GROUP BY 1, 2, 3, 4
UNION ALL
SELECT p.tenant_id, 'campaign_sales', date_trunc('hour', p.created_at, 'UTC'),
       c.campaign || ':' || p.currency, count(*), sum(p.amount)::bigint
  FROM purchase p, LATERAL (SELECT DISTINCT l->>'source_id' AS campaign
    FROM jsonb_array_elements(p.breakdown::jsonb) l WHERE l->>'source' = 'CAMPAIGN') c
 GROUP BY 1, 2, 3, 4
"""

# Where the rollups differ from what their rows add up to, for one tenant or (NULL) all of
# them: none, when the triggers did their job. A kept row may cover an hour or a folded local
# day, so the two are compared cumulatively: at the start of every kept row, and in total, the
# kept sums must equal the expected sums of everything before it (per metric and dimension).
MISMATCHES = r"""
CREATE FUNCTION analytics_mismatches(tenant uuid)
RETURNS TABLE (tenant_id uuid, metric text, hour timestamptz, dim text, count_off bigint,
               amount_off bigint)
LANGUAGE sql STABLE AS $$
  WITH events AS (
    SELECT r.tenant_id, r.metric, r.dim, r.hour, 0 AS side, sum(r.count) AS c, sum(r.amount) AS a
      FROM analytics_rollup r WHERE tenant IS NULL OR r.tenant_id = tenant GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT e.tenant_id, e.metric, e.dim, e.hour, 1, -e.count, -e.amount FROM analytics_expected e
     WHERE tenant IS NULL OR e.tenant_id = tenant
  ), running AS (
    SELECT events.*, sum(c) OVER upto - c AS c_before, sum(a) OVER upto - a AS a_before,
           sum(c) OVER whole AS c_total, sum(a) OVER whole AS a_total
      FROM events
    WINDOW upto AS (PARTITION BY tenant_id, metric, dim ORDER BY hour, side
                    ROWS UNBOUNDED PRECEDING),
           whole AS (PARTITION BY tenant_id, metric, dim)
  )
  SELECT tenant_id, metric, hour, dim, c_before, a_before FROM running
   WHERE side = 0 AND (c_before <> 0 OR a_before <> 0)
  UNION
  SELECT tenant_id, metric, 'infinity', dim, c_total, a_total FROM running
   WHERE c_total <> 0 OR a_total <> 0
$$
"""

# Fold what writers spread over slots: hours before `before` into one row each (slot -1), and,
# but for `orders` (kept by the hour for hour-of-day figures), everything before `days_before`
# into one row per local day of `zone`, dated at its local midnight (slot -2). A year is then a
# few thousand rows per metric, and buckets of local days still add up exactly (a day row lies
# inside one bucket). Safe beside writers: a transaction that commits into a folded span later
# writes a fresh slot row, folded next time.
COMPACT = r"""
CREATE FUNCTION analytics_rollup_compact(tenant uuid, before timestamptz,
                                         days_before timestamptz, zone text) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH gone AS (
    DELETE FROM analytics_rollup
     WHERE tenant_id = tenant AND slot <> -2
       AND ((hour < before AND slot >= 0) OR (metric <> 'orders' AND hour < days_before))
    RETURNING metric, hour, dim, count, amount
  ), regrouped AS (
    SELECT metric, dim, count, amount,
           metric <> 'orders' AND hour < days_before AS by_day,
           CASE WHEN metric <> 'orders' AND hour < days_before
                THEN date_trunc('day', hour AT TIME ZONE zone) AT TIME ZONE zone
                ELSE hour END AS span
      FROM gone
  ), folded AS (
    INSERT INTO analytics_rollup AS r (tenant_id, metric, hour, dim, slot, count, amount)
    SELECT tenant, metric, span, dim, CASE WHEN by_day THEN -2 ELSE -1 END, sum(count),
           sum(amount)
      FROM regrouped GROUP BY metric, span, dim, by_day
    ON CONFLICT (tenant_id, metric, hour, dim, slot)
    DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount
    RETURNING 1
  )
  SELECT count(*) FROM gone
$$
"""

# Recompute a tenant's rollups from scratch (the backfill below, and the benchmark's seeding).
# Not safe beside writers of that tenant: it is for migrations and scratch databases.
REBUILD = r"""
CREATE FUNCTION analytics_rollup_rebuild(tenant uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DELETE FROM analytics_rollup WHERE tenant_id = tenant;
  INSERT INTO analytics_rollup (tenant_id, metric, hour, dim, slot, count, amount)
  SELECT tenant_id, metric, hour, dim, -1, count, amount FROM analytics_expected
   WHERE tenant_id = tenant;
$$
"""

FUNCTIONS = [
    POINTS_FLOW,
    KIND_SLOT,
    ROLLUP_ADD,
    TRANSFER_APPLY,
    ORDER_TIER,
    "CREATE TRIGGER redemption_order_tier BEFORE INSERT ON redemption_order"
    " FOR EACH ROW EXECUTE FUNCTION redemption_order_tier()",
    ORDER_ROLLUP,
    "CREATE TRIGGER redemption_order_rollup AFTER INSERT OR UPDATE OF status"
    " ON redemption_order FOR EACH ROW EXECUTE FUNCTION redemption_order_rollup()",
    MEMBER_ROLLUP,
    "CREATE TRIGGER member_rollup AFTER INSERT ON member FOR EACH ROW EXECUTE FUNCTION member_rollup()",
    PURCHASE_ROLLUP,
    "CREATE TRIGGER purchase_campaign_rollup AFTER INSERT ON purchase"
    " FOR EACH ROW EXECUTE FUNCTION purchase_campaign_rollup()",
    EXPECTED,
    "GRANT SELECT ON analytics_expected TO pointsmall_app",
    MISMATCHES,
    COMPACT,
    "REVOKE ALL ON FUNCTION analytics_rollup_compact(uuid, timestamptz, timestamptz, text)"
    " FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION analytics_rollup_compact(uuid, timestamptz, timestamptz, text)"
    " TO pointsmall_app",
    REBUILD,
    "REVOKE ALL ON FUNCTION analytics_rollup_rebuild(uuid) FROM PUBLIC",
]

BACKFILL = [
    "UPDATE account a SET last_activity_at = (SELECT max(t.created_at) FROM transfer t"
    " JOIN account d ON d.id = t.debit_account_id JOIN account c ON c.id = t.credit_account_id"
    " LEFT JOIN transfer h ON h.id = t.pending_id"
    " WHERE (t.debit_account_id = a.id OR t.credit_account_id = a.id)"
    " AND t.phase IN ('SINGLE', 'PENDING', 'POST')"
    " AND (points_flow(d.kind, c.kind, coalesce(h.code, t.code)) LIKE 'ISSUED:%'"
    "  OR points_flow(d.kind, c.kind, coalesce(h.code, t.code)) = 'REDEEMED'))"
    " WHERE a.kind = 'MEMBER_WALLET'",
    "SELECT analytics_rollup_rebuild(id) FROM tenant",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0034_wallet_lots_check_by_index")]

    operations = [
        ops.RunSQL(TABLES),
        ops.RunSQL(tenant_policies(["analytics_rollup"])),
        ops.RunSQL(FUNCTIONS),
        ops.RunSQL(BACKFILL),
    ]
