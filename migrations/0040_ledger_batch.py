"""Group commit: `ledger_batch` applies a batch of awards and deductions of one tenant in one
statement (`app/ledger/batch.py` calls it; the Python journal code stays the reference for
every other command and for wallets that need tidying first).

Per batch, in this order, so that two batches never wait on each other in a cycle:
1. The idempotency keys are claimed, sorted by (scope, key) (a key's scope is its actor): a duplicate inside the batch finds
   the claim of its first occurrence, a key another transaction holds is waited for and read.
2. The members' wallets are opened (sorted by member) and every account the batch touches is
   locked in id order, once.
3. Wallets of deductions holding expired points or timed-out holds are handed back (SLOW):
   tidying them is the Python path's work, and it must come before the deduction.
4. Commands are applied in arrival order, each checked before it writes (member, status,
   available points, the 2^53-1 limit), so a refusal needs no savepoint: it wrote nothing.

One row per command: APPLIED (journal, transfer, the wallet's balance after), REFUSED (the
code, and the points available for INSUFFICIENT_POINTS), SLOW (claimed, left to the caller),
DUPLICATE (of the `first` command with this key), STORED (the key's committed outcome, for the
caller to replay or refuse). The caller writes the outcomes into the claimed records.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

LIMIT = 2**53 - 1

LEDGER_BATCH = rf"""
CREATE FUNCTION ledger_batch(
  p_tenant uuid, p_currency uuid, p_kinds text[], p_members uuid[],
  p_amounts bigint[], p_accounts uuid[], p_keys text[], p_hashes text[],
  p_codes text[], p_reasons text[], p_actors text[], p_metadata text[], p_expires timestamptz[])
RETURNS TABLE (o_state text, o_record bigint, o_first int, o_stored_hash text,
  o_stored_outcome text, o_stored_response jsonb, o_code text, o_available bigint,
  o_journal uuid, o_transfer uuid, o_posted bigint, o_pending_dr bigint, o_pending_cr bigint)
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  n int := coalesce(array_length(p_kinds, 1), 0);
  recs bigint[];
  firsts int[];
  states text[] := array_fill(NULL::text, ARRAY[n]);
  fast_members uuid[] := '{{}}';
  deduct_wallets uuid[] := '{{}}';
  lock_ids uuid[] := '{{}}';
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
  SELECT uuid7(), p_tenant, p_currency, 'MEMBER_WALLET', m.id, 0, 0, 0, 0, 0, true, now()
  FROM member m WHERE m.id = ANY(fast_members) ORDER BY m.id
  ON CONFLICT (tenant_id, currency_id, kind, owner_id, slot) DO NOTHING;
  SELECT array_agg(m.id), array_agg(a.id), array_agg(m.status::text)
    INTO found_members, found_wallets, found_status
  FROM member m JOIN account a ON a.tenant_id = p_tenant AND a.currency_id = p_currency
   AND a.kind = 'MEMBER_WALLET' AND a.owner_id = m.id AND a.slot = 0
  WHERE m.id = ANY(fast_members);
  PERFORM 1 FROM account
   WHERE id = ANY(lock_ids || coalesce(found_wallets, '{{}}')) ORDER BY id FOR UPDATE;
  -- 3. Deductions from wallets that need tidying first go the Python way, with every later
  -- command of the same member (arrival order).
  FOR k IN 1 .. n LOOP
    at := array_position(found_members, p_members[k]);
    IF states[k] = 'GO' AND p_kinds[k] = 'DEDUCT' AND at IS NOT NULL THEN
      deduct_wallets := deduct_wallets || found_wallets[at];
    END IF;
  END LOOP;
  SELECT array_agg(a.owner_id) INTO slow_members FROM account a
  WHERE a.id = ANY(deduct_wallets) AND (
    EXISTS (SELECT 1 FROM lot l WHERE l.wallet_id = a.id AND l.remaining > 0
            AND l.remaining > l.reserved AND l.expires_at <= now())
    OR EXISTS (SELECT 1 FROM transfer t WHERE t.debit_account_id = a.id AND t.phase = 'PENDING'
               AND t.expires_at <= now()
               AND NOT EXISTS (SELECT 1 FROM transfer r WHERE r.pending_id = t.id)));
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
      SELECT posted, pending_dr, pending_cr INTO bal FROM account WHERE id = w;
      IF p_kinds[k] = 'AWARD' AND (bal.posted + p_amounts[k] > {LIMIT}
                                   OR bal.posted + bal.pending_cr + p_amounts[k] > {LIMIT}) THEN
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
                       WHERE l.wallet_id = w AND l.remaining > 0 AND l.remaining > l.reserved
                       ORDER BY l.expires_at, l.earned_at, l.id LOOP
            take := least(lot_.free, left_);
            UPDATE lot SET remaining = remaining - take WHERE id = lot_.id;
            INSERT INTO lot_allocation (id, tenant_id, transfer_id, lot_id, amount, kind)
            VALUES (gen_random_uuid(), p_tenant, tid, lot_.id, take, 'CONSUME');
            left_ := left_ - take;
            EXIT WHEN left_ = 0;
          END LOOP;
          IF left_ > 0 THEN
            RAISE EXCEPTION 'lots of wallet % hold less than its available balance', w;
          END IF;
        END IF;
        SELECT posted, pending_dr, pending_cr INTO bal FROM account WHERE id = w;
        o_state := 'APPLIED'; o_journal := jid; o_transfer := tid;
        o_posted := bal.posted; o_pending_dr := bal.pending_dr; o_pending_cr := bal.pending_cr;
      END IF;
    END IF;
    RETURN NEXT;
  END LOOP;
END $$
"""


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0039_job_wait_figures")]

    initial = False

    operations = [
        ops.RunSQL(
            [
                LEDGER_BATCH,
                "REVOKE ALL ON FUNCTION ledger_batch(uuid, uuid, text[], uuid[], bigint[],"
                " uuid[], text[], text[], text[], text[], text[], text[], timestamptz[])"
                " FROM PUBLIC",
                "GRANT EXECUTE ON FUNCTION ledger_batch(uuid, uuid, text[], uuid[],"
                " bigint[], uuid[], text[], text[], text[], text[], text[], text[], timestamptz[])"
                " TO pointsmall_app",
            ]
        )
    ]
