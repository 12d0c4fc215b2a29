"""Keys that distribute by merchant: every tenant-owned table's primary key and unique
constraints lead with `tenant_id`, and every foreign key between tenant tables is composite
(`(tenant_id, x_id) -> x (tenant_id, id)`), so each merchant's rows can live on one node of a
Citus cluster with their keys checked there (`app/core/citus.py` distributes them).

Global tables keep their keys: the tenant registry, operators, staff logins (an email signs in
before its tenant is known), API keys (found by prefix), allowed origins (found by origin) and
the platform's exchange listings; on Citus they are reference tables.

On plain PostgreSQL nothing changes for the application: ids are still unique uuid7s, and every
rewritten key keeps a plain index on its old columns (`<constraint>_old`), so a lookup without
the tenant (the owner's checks and triggers, which RLS does not narrow) reads as fast as
before. On Citus such a lookup
fans out to every shard: that is what the routing test finds (`tests/citus`). The keys are rewritten from the catalog rather
than table by table, so the rule is stated once and a table added later is checked by a test
(tests/integration/test_distributable_keys.py) rather than remembered.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

GLOBAL_TABLES = [
    "tenant", "operator", "operator_session", "staff_user", "staff_session", "api_key",
    "tenant_origin", "exchange_listing", "exchange_rate",
]  # fmt: skip

REKEY = """
DO $$
DECLARE
  sharded oid[];
  fk record;
  key record;
  src text[];
  dst text[];
  pk text[];
  readd text[] := '{}';
  statement text;
BEGIN
  SELECT array_agg(c.oid) INTO sharded
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
  WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> ALL(ARRAY[{global}]);

  -- 1. Foreign keys into tenant tables: dropped, to come back over the composite keys. A key
  -- without the tenant gets it in front on both sides.
  FOR fk IN
    SELECT k.conname, k.conrelid::regclass AS tbl, k.confrelid::regclass AS ref,
      k.conrelid = ANY(sharded) AS from_sharded, pg_get_constraintdef(k.oid) AS def,
      ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
      ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
            JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)
        AS ref_cols
    FROM pg_constraint k WHERE k.contype = 'f' AND k.confrelid = ANY(sharded)
  LOOP
    src := fk.cols; dst := fk.ref_cols;
    IF NOT 'tenant_id' = ANY(dst) THEN
      IF NOT fk.from_sharded THEN
        RAISE EXCEPTION '% references % without a tenant: give it one', fk.tbl, fk.ref;
      END IF;
      src := 'tenant_id'::text || src; dst := 'tenant_id'::text || dst;
    END IF;
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
    readd := readd || format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY (%s) REFERENCES %s (%s)%s',
      fk.tbl, fk.conname, array_to_string(src, ', '), fk.ref, array_to_string(dst, ', '),
      substring(fk.def FROM '\\)(( ON DELETE| ON UPDATE| DEFERRABLE| NOT DEFERRABLE| INITIALLY).*)$'));
  END LOOP;

  -- 2. Primary keys lead with tenant_id; unique keys hold it (one only repeating the primary
  -- key goes).
  FOR key IN
    SELECT c.oid::regclass AS tbl, k.conname,
      ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols
    FROM pg_class c JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'
    WHERE c.oid = ANY(sharded)
  LOOP
    pk := key.cols;
    IF pk[1] <> 'tenant_id' THEN
      pk := 'tenant_id'::text || array_remove(pk, 'tenant_id');
      EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', key.tbl, key.conname);
      EXECUTE format('ALTER TABLE %s ADD PRIMARY KEY (%s)', key.tbl, array_to_string(pk, ', '));
      EXECUTE format('CREATE INDEX %I ON %s (%s)', key.conname || '_old', key.tbl,
                     array_to_string(key.cols, ', '));
    END IF;
  END LOOP;
  FOR key IN
    SELECT c.oid::regclass AS tbl, k.conname,
      ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS cols,
      ARRAY(SELECT a.attname::text FROM pg_constraint p CROSS JOIN LATERAL unnest(p.conkey) WITH ORDINALITY u(n, i)
            JOIN pg_attribute a ON a.attrelid = p.conrelid AND a.attnum = u.n
            WHERE p.conrelid = c.oid AND p.contype = 'p' ORDER BY u.i) AS pk
    FROM pg_class c JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'u'
    WHERE c.oid = ANY(sharded)
  LOOP
    src := key.cols;
    IF NOT 'tenant_id' = ANY(src) THEN
      src := 'tenant_id'::text || src;
    END IF;
    IF src = key.cols THEN
      IF src <@ key.pk AND key.pk <@ src THEN
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', key.tbl, key.conname);
      END IF;
      CONTINUE;
    END IF;
    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', key.tbl, key.conname);
    IF NOT (src <@ key.pk AND key.pk <@ src) THEN
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I UNIQUE (%s)', key.tbl, key.conname,
                     array_to_string(src, ', '));
    END IF;
    IF NOT (key.cols <@ key.pk AND key.pk <@ key.cols) AND key.cols <> key.pk[2:] THEN
      EXECUTE format('CREATE INDEX %I ON %s (%s)', key.conname || '_old', key.tbl,
                     array_to_string(key.cols, ', '));
    END IF;
  END LOOP;

  -- 3. The foreign keys again, over the new keys.
  FOREACH statement IN ARRAY readd LOOP
    EXECUTE statement;
  END LOOP;
END $$
""".replace("{global}", ", ".join(f"'{name}'" for name in GLOBAL_TABLES))

STATEMENTS = [
    # The platform's listing of a merchant's currency names it by the merchant, not by the
    # platform's own tenant: (merchant_id, currency_id) -> currency (tenant_id, id).
    "ALTER TABLE exchange_listing DROP CONSTRAINT exchange_listing_currency_fk",
    "ALTER TABLE currency ALTER COLUMN tenant_id SET NOT NULL",
    "DROP INDEX IF EXISTS currency_platform_code_uq",
    REKEY,
    "ALTER TABLE exchange_listing ADD CONSTRAINT exchange_listing_currency_fk"
    " FOREIGN KEY (merchant_id, currency_id) REFERENCES currency (tenant_id, id)",
    # Rows written with every points movement and never looked up by id alone: the old key's
    # index would only cost writes.
    "DROP INDEX lot_allocation_pkey_old, idempotency_record_pkey_old",
    "DROP INDEX transfer_resolves_once_uq",
    "CREATE UNIQUE INDEX transfer_resolves_once_uq ON transfer (tenant_id, pending_id)"
    " WHERE phase IN ('POST', 'VOID', 'EXPIRE')",
]


class Migration(migrations.Migration):
    dependencies = [("pointsmall", "0056_point_values")]

    operations = [ops.RunSQL(STATEMENTS)]
