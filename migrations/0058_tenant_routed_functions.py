"""Functions and the one view that name the tenant in every lookup and join.

A trigger looking a row up by id alone, or a join on ids alone, reads every shard on Citus
(and, run as the owner without row-level security, scans every merchant's rows on plain
PostgreSQL). Each lookup now says `tenant_id = NEW.tenant_id` (or the batch's `p_tenant`) and
each join `x.tenant_id = y.tenant_id`. The member token's lookup takes the token's tenant. The
SQL-language functions that read tenant tables are now PL/pgSQL with the same bodies: Citus
cannot plan a SQL function's parameters against a distributed table.
Otherwise the definitions are those of migrations 0003-0055 unchanged.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION public.member_earned_add()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  debit_kind text;
  credit_kind text;
  owner uuid;
  delta bigint;
BEGIN
  SELECT kind INTO debit_kind FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.debit_account_id;
  SELECT kind INTO credit_kind FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.credit_account_id;
  IF debit_kind = 'ISSUANCE' AND credit_kind = 'MEMBER_WALLET' THEN
    SELECT owner_id INTO owner FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.credit_account_id;
    delta := NEW.amount;
  ELSIF debit_kind = 'MEMBER_WALLET' AND credit_kind = 'ISSUANCE' THEN
    SELECT owner_id INTO owner FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.debit_account_id;
    delta := -NEW.amount;
  ELSE
    RETURN NULL;
  END IF;
  INSERT INTO member_earned_day (tenant_id, member_id, day, points)
  VALUES (NEW.tenant_id, owner, (NEW.created_at AT TIME ZONE 'UTC')::date, delta)
  ON CONFLICT (tenant_id, member_id, day)
  DO UPDATE SET points = member_earned_day.points + EXCLUDED.points;
  RETURN NULL;
END $function$;

CREATE OR REPLACE FUNCTION public.redemption_order_tier()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
BEGIN
  NEW.member_tier_id := coalesce(
    (SELECT CASE WHEN override_tier_id IS NOT NULL AND (override_until IS NULL OR override_until > now())
                 THEN override_tier_id ELSE tier_id END
       FROM member_tier WHERE tenant_id = NEW.tenant_id AND member_id = NEW.member_id),
    (SELECT id FROM tier WHERE tenant_id = NEW.tenant_id ORDER BY rank LIMIT 1));
  RETURN NEW;
END $function$;

CREATE OR REPLACE FUNCTION public.settlement_line_paid_only()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.status = 'PAID'
     OR (NEW.batch_id, NEW.merchant_id, NEW.net_minor, NEW.receivable_minor, NEW.payable_minor)
        IS DISTINCT FROM
        (OLD.batch_id, OLD.merchant_id, OLD.net_minor, OLD.receivable_minor, OLD.payable_minor)
     OR (SELECT status FROM settlement_batch WHERE tenant_id = OLD.tenant_id AND id = OLD.batch_id) <> 'APPROVED' THEN
    RAISE EXCEPTION 'a settlement line changes only to PAID, once its batch is approved'
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $function$;

CREATE OR REPLACE FUNCTION public.transfer_apply()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
    SELECT * INTO hold FROM transfer WHERE tenant_id = NEW.tenant_id AND id = NEW.pending_id AND phase = 'PENDING';
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
    FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.debit_account_id FOR UPDATE;
  SELECT kind, slot, last_activity_at INTO credit_kind, credit_slot, credit_active
    FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.credit_account_id FOR UPDATE;
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
END $function$;

CREATE OR REPLACE FUNCTION public.wallet_lots_match()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  wallet account%ROWTYPE;
  lot_remaining bigint;
  lot_reserved bigint;
BEGIN
  SELECT * INTO wallet FROM account WHERE tenant_id = NEW.tenant_id AND id = NEW.id;
  SELECT coalesce(sum(remaining), 0), coalesce(sum(reserved), 0)
    INTO lot_remaining, lot_reserved FROM lot WHERE tenant_id = NEW.tenant_id AND wallet_id = NEW.id AND remaining > 0;
  IF lot_remaining <> wallet.posted OR lot_reserved <> wallet.pending_dr THEN
    RAISE EXCEPTION 'wallet % lots (% remaining, % reserved) differ from its balance (% posted, % pending)',
      NEW.id, lot_remaining, lot_reserved, wallet.posted, wallet.pending_dr
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $function$;



CREATE OR REPLACE FUNCTION public.ledger_batch(p_tenant uuid, p_currency uuid, p_kinds text[], p_members uuid[], p_amounts bigint[], p_accounts uuid[], p_keys text[], p_hashes text[], p_codes text[], p_reasons text[], p_actors text[], p_metadata text[], p_expires timestamp with time zone[])
 RETURNS TABLE(o_state text, o_record bigint, o_first integer, o_stored_hash text, o_stored_outcome text, o_stored_response jsonb, o_code text, o_available bigint, o_journal uuid, o_transfer uuid, o_posted bigint, o_pending_dr bigint, o_pending_cr bigint)
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
DECLARE
  n int := coalesce(array_length(p_kinds, 1), 0);
  recs bigint[];
  firsts int[];
  states text[] := array_fill(NULL::text, ARRAY[n]);
  fast_members uuid[] := '{}';
  deduct_wallets uuid[] := '{}';
  lock_ids uuid[] := '{}';
  found_members uuid[];
  found_wallets uuid[];
  found_status text[];
  slow_members uuid[];
  k int;
  at int;
  w uuid;
  jid uuid;
  tid uuid;
  bal record;
  lot_ record;
  left_ bigint;
  take bigint;
  stored record;
BEGIN
  IF n = 0 THEN
    RETURN;
  END IF;
  -- 1. Claims.
  WITH u AS (SELECT * FROM unnest(p_actors, p_keys, p_hashes) WITH ORDINALITY AS u(s, k, h, i)),
  claims AS (
    INSERT INTO idempotency_record AS r (tenant_id, scope, key, request_hash, outcome, created_at)
    SELECT p_tenant, u.s, u.k, u.h, 'PENDING', now() FROM u WHERE u.k IS NOT NULL
    ORDER BY u.s, u.k, u.i
    ON CONFLICT DO NOTHING RETURNING r.id, r.scope, r.key)
  SELECT array_agg(x.id ORDER BY x.i), array_agg(x.first ORDER BY x.i) INTO recs, firsts
  FROM (SELECT u.i, c.id, (CASE WHEN u.k IS NULL THEN u.i
                                ELSE min(u.i) OVER (PARTITION BY u.s, u.k) END)::int AS first
        FROM u LEFT JOIN claims c ON c.scope = u.s AND c.key = u.k) x;
  FOR k IN 1 .. n LOOP
    IF p_keys[k] IS NOT NULL AND recs[k] IS NULL THEN
      states[k] := 'STORED';
    ELSIF p_keys[k] IS NOT NULL AND firsts[k] < k THEN
      states[k] := 'DUPLICATE';
    ELSIF p_kinds[k] = 'SLOW' THEN
      states[k] := 'SLOW';
    ELSE
      states[k] := 'GO';
      fast_members := fast_members || p_members[k];
      lock_ids := lock_ids || p_accounts[k];
    END IF;
  END LOOP;
  -- 2. Wallets, opened on first use, and every account locked once, in id order.
  INSERT INTO account (id, tenant_id, currency_id, kind, owner_id, slot, posted, pending_dr,
                       pending_cr, version, no_overdraft, created_at)
  SELECT uuid7(), m.tenant_id, p_currency, 'MEMBER_WALLET', m.id, 0, 0, 0, 0, 0, true, now()
  FROM member m WHERE m.tenant_id = p_tenant AND m.id = ANY(fast_members) ORDER BY m.id
  ON CONFLICT (tenant_id, currency_id, kind, owner_id, slot) DO NOTHING;
  SELECT array_agg(m.id), array_agg(a.id), array_agg(m.status::text)
    INTO found_members, found_wallets, found_status
  FROM member m JOIN account a ON a.tenant_id = p_tenant AND a.currency_id = p_currency
   AND a.kind = 'MEMBER_WALLET' AND a.owner_id = m.id AND a.slot = 0
  WHERE m.tenant_id = p_tenant AND m.id = ANY(fast_members);
  PERFORM 1 FROM account
   WHERE tenant_id = p_tenant AND id = ANY(lock_ids || coalesce(found_wallets, '{}')) ORDER BY id FOR UPDATE;
  -- 3. Deductions from wallets that need tidying first go the Python way, with every later
  -- command of the same member (arrival order).
  FOR k IN 1 .. n LOOP
    at := array_position(found_members, p_members[k]);
    IF states[k] = 'GO' AND p_kinds[k] = 'DEDUCT' AND at IS NOT NULL THEN
      deduct_wallets := deduct_wallets || found_wallets[at];
    END IF;
  END LOOP;
  SELECT array_agg(a.owner_id) INTO slow_members FROM account a
  WHERE a.tenant_id = p_tenant AND a.id = ANY(deduct_wallets) AND (
    EXISTS (SELECT 1 FROM lot l WHERE l.tenant_id = p_tenant AND l.wallet_id = a.id AND l.remaining > 0
            AND l.remaining > l.reserved AND l.expires_at <= now())
    OR EXISTS (SELECT 1 FROM transfer t WHERE t.tenant_id = p_tenant AND t.debit_account_id = a.id AND t.phase = 'PENDING'
               AND t.expires_at <= now()
               AND NOT EXISTS (SELECT 1 FROM transfer r WHERE r.tenant_id = p_tenant AND r.pending_id = t.id)));
  -- 4. Each command, in arrival order.
  FOR k IN 1 .. n LOOP
    o_state := states[k]; o_record := recs[k]; o_first := firsts[k];
    o_stored_hash := NULL; o_stored_outcome := NULL; o_stored_response := NULL;
    o_code := NULL; o_available := NULL; o_journal := NULL; o_transfer := NULL;
    o_posted := NULL; o_pending_dr := NULL; o_pending_cr := NULL;
    at := array_position(found_members, p_members[k]);
    IF o_state = 'STORED' THEN
      SELECT request_hash, outcome, response INTO stored FROM idempotency_record
       WHERE tenant_id = p_tenant AND scope = p_actors[k] AND key = p_keys[k];
      o_stored_hash := stored.request_hash;
      o_stored_outcome := stored.outcome;
      o_stored_response := stored.response;
    ELSIF o_state = 'GO' AND p_members[k] = ANY(slow_members) THEN
      o_state := 'SLOW';
    ELSIF o_state = 'GO' AND at IS NULL THEN
      o_state := 'REFUSED'; o_code := 'MEMBER_NOT_FOUND';
    ELSIF o_state = 'GO' AND p_kinds[k] = 'AWARD' AND found_status[at] <> 'ACTIVE' THEN
      o_state := 'REFUSED'; o_code := 'MEMBER_BLOCKED';
    ELSIF o_state = 'GO' THEN
      w := found_wallets[at];
      SELECT posted, pending_dr, pending_cr INTO bal FROM account WHERE tenant_id = p_tenant AND id = w;
      IF p_kinds[k] = 'AWARD' AND (bal.posted + p_amounts[k] > 9007199254740991
                                   OR bal.posted + bal.pending_cr + p_amounts[k] > 9007199254740991) THEN
        o_state := 'REFUSED'; o_code := 'BALANCE_LIMIT';
      ELSIF p_kinds[k] = 'DEDUCT' AND bal.posted - bal.pending_dr < p_amounts[k] THEN
        o_state := 'REFUSED'; o_code := 'INSUFFICIENT_POINTS';
        o_available := bal.posted - bal.pending_dr;
      ELSE
        jid := uuid7();
        tid := uuid7();
        INSERT INTO journal (id, tenant_id, code, reason, actor, metadata, created_at)
        VALUES (jid, p_tenant, p_codes[k], p_reasons[k], p_actors[k], p_metadata[k]::jsonb, now());
        IF p_kinds[k] = 'AWARD' THEN
          INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,
                                credit_account_id, amount, phase, code, created_at)
          VALUES (tid, p_tenant, jid, p_currency, p_accounts[k], w, p_amounts[k], 'SINGLE',
                  p_codes[k], now());
          INSERT INTO lot (id, tenant_id, wallet_id, amount, remaining, reserved, expires_at,
                           earned_at, source_transfer_id)
          VALUES (uuid7(), p_tenant, w, p_amounts[k], p_amounts[k], 0, p_expires[k], now(), tid);
        ELSE
          INSERT INTO transfer (id, tenant_id, journal_id, currency_id, debit_account_id,
                                credit_account_id, amount, phase, code, created_at)
          VALUES (tid, p_tenant, jid, p_currency, w, p_accounts[k], p_amounts[k], 'SINGLE',
                  p_codes[k], now());
          left_ := p_amounts[k];
          FOR lot_ IN SELECT l.id, l.remaining - l.reserved AS free FROM lot l
                       WHERE l.tenant_id = p_tenant AND l.wallet_id = w AND l.remaining > 0 AND l.remaining > l.reserved
                       ORDER BY l.expires_at, l.earned_at, l.id LOOP
            take := least(lot_.free, left_);
            UPDATE lot SET remaining = remaining - take WHERE tenant_id = p_tenant AND id = lot_.id;
            INSERT INTO lot_allocation (id, tenant_id, transfer_id, lot_id, amount, kind)
            VALUES (gen_random_uuid(), p_tenant, tid, lot_.id, take, 'CONSUME');
            left_ := left_ - take;
            EXIT WHEN left_ = 0;
          END LOOP;
          IF left_ > 0 THEN
            RAISE EXCEPTION 'lots of wallet % hold less than its available balance', w;
          END IF;
        END IF;
        SELECT posted, pending_dr, pending_cr INTO bal FROM account WHERE tenant_id = p_tenant AND id = w;
        o_state := 'APPLIED'; o_journal := jid; o_transfer := tid;
        o_posted := bal.posted; o_pending_dr := bal.pending_dr; o_pending_cr := bal.pending_cr;
      END IF;
    END IF;
    RETURN NEXT;
  END LOOP;
END $function$;
"""

PLPGSQL = r"""
CREATE OR REPLACE FUNCTION rollup_add(tenant uuid, metric text, at timestamptz, dim text,
                                      slot smallint, n bigint, points bigint)
RETURNS void LANGUAGE plpgsql AS $function$
#variable_conflict use_column
DECLARE
  -- (the hour first: Citus takes no STABLE function inside an upsert it routes)
  bucket timestamptz := date_trunc('hour', at, 'UTC');
BEGIN
  INSERT INTO analytics_rollup AS r (tenant_id, metric, hour, dim, slot, count, amount)
  VALUES (tenant, metric, bucket, dim, slot, n, points)
  ON CONFLICT (tenant_id, metric, hour, dim, slot)
  DO UPDATE SET count = r.count + excluded.count, amount = r.amount + excluded.amount;
END $function$;

CREATE OR REPLACE FUNCTION member_earned_expected(tenant uuid)
RETURNS TABLE(tenant_id uuid, member_id uuid, day date, points bigint)
LANGUAGE plpgsql STABLE AS $function$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT t.tenant_id, w.owner_id, (t.created_at AT TIME ZONE 'UTC')::date,
         sum(CASE WHEN t.credit_account_id = w.id THEN t.amount ELSE -t.amount END)::bigint
    FROM transfer t
    JOIN account d ON d.tenant_id = t.tenant_id AND d.id = t.debit_account_id
    JOIN account c ON c.tenant_id = t.tenant_id AND c.id = t.credit_account_id
    JOIN account w ON w.tenant_id = t.tenant_id
     AND w.id = CASE WHEN c.kind = 'MEMBER_WALLET' THEN c.id ELSE d.id END
   WHERE t.phase IN ('SINGLE', 'POST') AND (tenant IS NULL OR t.tenant_id = tenant)
     AND ((d.kind = 'ISSUANCE' AND c.kind = 'MEMBER_WALLET')
          OR (d.kind = 'MEMBER_WALLET' AND c.kind = 'ISSUANCE'))
   GROUP BY 1, 2, 3;
END $function$;

CREATE OR REPLACE FUNCTION member_earned_mismatches(tenant uuid)
RETURNS TABLE(tenant_id uuid, member_id uuid, day date)
LANGUAGE plpgsql STABLE AS $function$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH kept AS (SELECT * FROM member_earned_day m WHERE tenant IS NULL OR m.tenant_id = tenant)
  SELECT coalesce(e.tenant_id, m.tenant_id), coalesce(e.member_id, m.member_id),
         coalesce(e.day, m.day)
    FROM member_earned_expected(tenant) e FULL JOIN kept m
      ON (m.tenant_id, m.member_id, m.day) = (e.tenant_id, e.member_id, e.day)
   WHERE coalesce(e.points, 0) <> coalesce(m.points, 0);
END $function$;

CREATE OR REPLACE FUNCTION analytics_mismatches(tenant uuid)
RETURNS TABLE(tenant_id uuid, metric text, hour timestamptz, dim text, count_off bigint,
              amount_off bigint)
LANGUAGE plpgsql STABLE AS $function$
#variable_conflict use_column
BEGIN
  RETURN QUERY
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
  SELECT x.tenant_id, x.metric, x.hour, x.dim, x.c::bigint, x.a::bigint FROM (
    SELECT tenant_id, metric, hour, dim, c_before AS c, a_before AS a FROM running
     WHERE side = 0 AND (c_before <> 0 OR a_before <> 0)
    UNION
    SELECT tenant_id, metric, 'infinity'::timestamptz, dim, c_total, a_total FROM running
     WHERE c_total <> 0 OR a_total <> 0) x;
END $function$;

CREATE OR REPLACE FUNCTION analytics_rollup_rebuild(tenant uuid)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $function$
#variable_conflict use_column
BEGIN
  DELETE FROM analytics_rollup WHERE tenant_id = tenant;
  INSERT INTO analytics_rollup (tenant_id, metric, hour, dim, slot, count, amount)
  SELECT tenant_id, metric, hour, dim, -1, count, amount FROM analytics_expected
   WHERE tenant_id = tenant;
  DELETE FROM member_earned_day WHERE tenant_id = tenant;
  INSERT INTO member_earned_day (tenant_id, member_id, day, points)
  SELECT * FROM member_earned_expected(tenant);
END $function$;

CREATE OR REPLACE FUNCTION analytics_rollup_compact(tenant uuid, before timestamptz,
                                                    days_before timestamptz, zone text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $function$
#variable_conflict use_column
DECLARE
  moved bigint;
BEGIN
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
  SELECT count(*) INTO moved FROM gone;
  RETURN moved;
END $function$;
"""

VIEW = r"""
CREATE OR REPLACE VIEW analytics_expected AS
SELECT t.tenant_id,
    'points'::text AS metric,
    date_trunc('hour'::text, t.created_at, 'UTC'::text) AS hour,
    points_flow((d.kind)::text, (c.kind)::text, (COALESCE(h.code, t.code))::text) AS dim,
    count(*) AS count,
    (sum(t.amount))::bigint AS amount
   FROM (((transfer t
     JOIN account d ON (((d.tenant_id = t.tenant_id) AND (d.id = t.debit_account_id))))
     JOIN account c ON (((c.tenant_id = t.tenant_id) AND (c.id = t.credit_account_id))))
     LEFT JOIN transfer h ON (((h.tenant_id = t.tenant_id) AND (h.id = t.pending_id))))
  WHERE (((t.phase)::text = ANY ((ARRAY['SINGLE'::character varying, 'POST'::character varying])::text[])) AND (points_flow((d.kind)::text, (c.kind)::text, (COALESCE(h.code, t.code))::text) IS NOT NULL))
  GROUP BY t.tenant_id, 'points'::text, (date_trunc('hour'::text, t.created_at, 'UTC'::text)), (points_flow((d.kind)::text, (c.kind)::text, (COALESCE(h.code, t.code))::text))
UNION ALL
 SELECT redemption_order.tenant_id,
    'reward'::text AS metric,
    date_trunc('hour'::text, redemption_order.created_at, 'UTC'::text) AS hour,
    (redemption_order.reward_id)::text AS dim,
    count(*) AS count,
    (sum(redemption_order.points))::bigint AS amount
   FROM redemption_order
  WHERE ((redemption_order.status)::text <> ALL ((ARRAY['CANCELLED'::character varying, 'REFUNDED'::character varying])::text[]))
  GROUP BY redemption_order.tenant_id, 'reward'::text, (date_trunc('hour'::text, redemption_order.created_at, 'UTC'::text)), (redemption_order.reward_id)::text
UNION ALL
 SELECT member.tenant_id,
    'members'::text AS metric,
    date_trunc('hour'::text, member.created_at, 'UTC'::text) AS hour,
    ''::text AS dim,
    count(*) AS count,
    0 AS amount
   FROM member
  GROUP BY member.tenant_id, 'members'::text, (date_trunc('hour'::text, member.created_at, 'UTC'::text)), ''::text
UNION ALL
 SELECT account.tenant_id,
    'last_active'::text AS metric,
    date_trunc('hour'::text, account.last_activity_at, 'UTC'::text) AS hour,
    ''::text AS dim,
    count(*) AS count,
    0 AS amount
   FROM account
  WHERE (((account.kind)::text = 'MEMBER_WALLET'::text) AND (account.last_activity_at IS NOT NULL))
  GROUP BY account.tenant_id, 'last_active'::text, (date_trunc('hour'::text, account.last_activity_at, 'UTC'::text)), ''::text
UNION ALL
 SELECT redemption_order.tenant_id,
    'orders'::text AS metric,
    date_trunc('hour'::text, redemption_order.created_at, 'UTC'::text) AS hour,
    ''::text AS dim,
    count(*) AS count,
    (sum(redemption_order.points))::bigint AS amount
   FROM redemption_order
  WHERE ((redemption_order.status)::text <> ALL ((ARRAY['CANCELLED'::character varying, 'REFUNDED'::character varying])::text[]))
  GROUP BY redemption_order.tenant_id, 'orders'::text, (date_trunc('hour'::text, redemption_order.created_at, 'UTC'::text)), ''::text
UNION ALL
 SELECT redemption_order.tenant_id,
    ('tier:'::text || COALESCE((redemption_order.member_tier_id)::text, 'none'::text)) AS metric,
    date_trunc('hour'::text, redemption_order.created_at, 'UTC'::text) AS hour,
    (redemption_order.reward_id)::text AS dim,
    count(*) AS count,
    (sum(redemption_order.points))::bigint AS amount
   FROM redemption_order
  WHERE ((redemption_order.status)::text <> ALL ((ARRAY['CANCELLED'::character varying, 'REFUNDED'::character varying])::text[]))
  GROUP BY redemption_order.tenant_id, ('tier:'::text || COALESCE((redemption_order.member_tier_id)::text, 'none'::text)), (date_trunc('hour'::text, redemption_order.created_at, 'UTC'::text)), (redemption_order.reward_id)::text
UNION ALL
 SELECT p.tenant_id,
    'campaign'::text AS metric,
    date_trunc('hour'::text, p.created_at, 'UTC'::text) AS hour,
    c.campaign AS dim,
    count(*) AS count,
    (sum(c.points))::bigint AS amount
   FROM purchase p,
    LATERAL ( SELECT (l.value ->> 'source_id'::text) AS campaign,
            sum(((l.value ->> 'points'::text))::bigint) AS points
           FROM jsonb_array_elements(p.breakdown) l(value)
          WHERE ((l.value ->> 'source'::text) = 'CAMPAIGN'::text)
          GROUP BY (l.value ->> 'source_id'::text)) c
  GROUP BY p.tenant_id, 'campaign'::text, (date_trunc('hour'::text, p.created_at, 'UTC'::text)), c.campaign
UNION ALL
 SELECT p.tenant_id,
    'campaign_sales'::text AS metric,
    date_trunc('hour'::text, p.created_at, 'UTC'::text) AS hour,
    ((c.campaign || ':'::text) || (p.currency)::text) AS dim,
    count(*) AS count,
    (sum(p.amount))::bigint AS amount
   FROM purchase p,
    LATERAL ( SELECT DISTINCT (l.value ->> 'source_id'::text) AS campaign
           FROM jsonb_array_elements(p.breakdown) l(value)
          WHERE ((l.value ->> 'source'::text) = 'CAMPAIGN'::text)) c
  GROUP BY p.tenant_id, 'campaign_sales'::text, (date_trunc('hour'::text, p.created_at, 'UTC'::text)), ((c.campaign || ':'::text) || (p.currency)::text)
"""

AUTH_MEMBER = [
    "DROP FUNCTION auth_member(uuid)",
    """
    CREATE FUNCTION auth_member(p_tenant uuid, p_member uuid) RETURNS TABLE (
      tenant_id uuid, tenant_active boolean, rate_limit_per_minute integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      RETURN QUERY SELECT m.tenant_id, t.status = 'ACTIVE', t.rate_limit_per_minute
        FROM member m JOIN tenant t ON t.id = m.tenant_id
       WHERE m.tenant_id = p_tenant AND m.id = p_member AND m.status = 'ACTIVE';
    END $$""",
    "REVOKE ALL ON FUNCTION auth_member(uuid, uuid) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION auth_member(uuid, uuid) TO pointsmall_app",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0057_distributable_keys")]

    operations = [ops.RunSQL([FUNCTIONS, VIEW, PLPGSQL, *AUTH_MEMBER])]
