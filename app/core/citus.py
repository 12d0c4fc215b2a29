"""Running on Citus: the tables distributed by merchant, and what `pointsmall citus status` shows.

On plain PostgreSQL (no `citus` extension) nothing here does anything. On a Citus coordinator,
`pointsmall migrate` applies the migrations (the coordinator propagates their DDL) and then
`distribute`:

- the global tables (`REFERENCE_TABLES`: the tenant registry, operators, staff logins, API keys,
  allowed origins, the platform's exchange listings) become reference tables, a copy on every
  node, because they are looked up before a tenant is known (a login by email, a key by prefix);
- every other table with a `tenant_id` is distributed by it, all co-located with `tenant`'s
  first distributed table, so one merchant's rows of every table live in one shard group on one
  node and its transactions, joins and foreign keys stay there (migration 0057 made every key
  lead with `tenant_id`);
- the job queue (procrastinate) and the migration history stay local to the coordinator.

Two foreign keys cross merchants by design and cannot be kept on Citus (a key between
distributed tables must join on the distribution column): a platform link names the merchant's
member it links (`platform_link_member_fk`), and an exchange listing names the merchant's
currency (`exchange_listing_currency_fk`, from a reference table). They are dropped on Citus:
the exchange code reads the member (the currency) in the merchant's scope before it writes the
link (the listing), and neither is ever deleted.

The app role must log in on the workers (Citus connects to them as the current role), the
tenant's `SET LOCAL app.tenant_id` must reach them (`citus.propagate_set_commands`), and
triggers on distributed tables need `citus.enable_unsafe_triggers` (and, since they query
other tables, `citus.allow_nested_distributed_execution`): each trigger here touches
only its own merchant's rows, in co-located tables, which is what makes it safe.

Safe to run again: a table already distributed is left alone, and a table a later migration
adds is distributed by the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from app.core.db import APP_ROLE, database_credentials

# Said by a connection whose reads span every merchant on purpose (the ledger's and settlement's
# checks, the operator's Citus status): on Citus they fan out to every shard, which a database
# that makes multi-shard statements errors (the routing tests' own) would otherwise refuse, and
# the settlement checks join one merchant's rows with the platform's (a repartition join).
# Placeholder settings on plain PostgreSQL.
FAN_OUT = "SET citus.multi_task_query_log_level TO off; SET citus.enable_repartition_joins TO on"

REFERENCE_TABLES = (
    "tenant", "operator", "operator_session", "staff_user", "staff_session", "api_key",
    "tenant_origin", "exchange_listing", "exchange_rate",
)  # fmt: skip
CROSS_TENANT_KEYS = (
    ("platform_link", "platform_link_member_fk"),
    ("exchange_listing", "exchange_listing_currency_fk"),
)


async def is_coordinator(connection: asyncpg.Connection) -> bool:
    """Whether this database is a Citus coordinator (the extension and at least one worker)."""
    installed = await connection.fetchval(
        "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')"
    )
    if not installed:
        return False
    return bool(await connection.fetchval("SELECT EXISTS (SELECT 1 FROM pg_dist_node)"))


async def _tenant_tables(connection: asyncpg.Connection) -> list[str]:
    """Tables with a tenant_id that are not global, referenced ones before those that reference
    them (a distributed table's foreign keys must point at tables distributed already)."""
    rows = await connection.fetch(
        "SELECT c.relname, ARRAY(SELECT DISTINCT r.relname FROM pg_constraint k"
        "  JOIN pg_class r ON r.oid = k.confrelid"
        "  WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid <> c.oid) AS refs"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind = 'r' AND EXISTS"
        " (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'"
        "  AND NOT a.attisdropped) ORDER BY c.relname"
    )
    pending = {row["relname"]: set(row["refs"]) for row in rows}
    for table in REFERENCE_TABLES:
        pending.pop(table, None)
    ordered: list[str] = []
    while pending:
        ready = sorted(t for t, refs in pending.items() if not (refs & pending.keys()))
        if not ready:
            raise RuntimeError(f"foreign keys in a cycle among {sorted(pending)}")
        ordered += ready
        for table in ready:
            del pending[table]
    return ordered


async def _placed(connection: asyncpg.Connection) -> set[str]:
    """Tables already reference or distributed (a Citus-managed local table is not placed)."""
    rows = await connection.fetch(
        "SELECT table_name::text AS name FROM citus_tables"
        " WHERE citus_table_type IN ('distributed', 'reference')"
    )
    return {row["name"] for row in rows}


async def _foreign_keys(connection: asyncpg.Connection, tables: set[str]) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await connection.fetch(
        "SELECT conrelid::regclass::text AS tbl, confrelid::regclass::text AS ref, conname,"
        " pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f'"
        " AND (conrelid::regclass::text = ANY($1) OR confrelid::regclass::text = ANY($1))"
        " ORDER BY 1, 3",
        sorted(tables),
    )
    return rows


async def distribute(connection: asyncpg.Connection, shard_count: int = 32) -> list[str]:
    """Place what is not placed yet; returns what was done (nothing on plain PostgreSQL). Run
    as the database owner after the migrations.

    A table can be distributed only while no local table holds a foreign key to it, and the
    keys between tenant tables run every way, so the keys touching the tables to place are
    dropped first and added back once every table is placed (on an empty or a small database:
    adding a key checks its rows)."""
    if not await is_coordinator(connection):
        return []
    database = await connection.fetchval("SELECT current_database()")
    for statement in (
        f'ALTER DATABASE "{database}" SET citus.enable_unsafe_triggers TO on',
        # The tenant's scope is a SET LOCAL (app/core/db.py): the workers' connections in the
        # transaction get it too, and with it the row-level security policies' tenant.
        f"ALTER DATABASE \"{database}\" SET citus.propagate_set_commands TO 'local'",
        # A trigger on a shard reads and writes its own merchant's rows of co-located tables:
        # Citus runs those statements on the same node, in the same transaction.
        f'ALTER DATABASE "{database}" SET citus.allow_nested_distributed_execution TO on',
        "SET citus.enable_unsafe_triggers TO on",
        f"SET citus.shard_count TO {int(shard_count)}",
    ):
        await connection.execute(statement)
    done: list[str] = []
    login = "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1"
    if not await connection.fetchval(login, APP_ROLE):
        await connection.execute(f"ALTER ROLE {APP_ROLE} LOGIN")
        done.append(f"role {APP_ROLE} may log in (Citus connects to the workers as it)")
    for trigger in await connection.fetch(
        "SELECT tgrelid::regclass::text AS tbl, tgname FROM pg_trigger"
        " WHERE tgfoid = 'auth_changed'::regproc AND tgenabled <> 'D'"
    ):
        # NOTIFY cannot be prepared for two-phase commit, and a worker's reaches no API
        # process: the mutations announce the change themselves (PrincipalCache.announce).
        table, name = trigger["tbl"], trigger["tgname"]
        await connection.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
        done.append(f"{table}: trigger {name} off (the API announces)")
    placed = await _placed(connection)
    tenant_tables = await _tenant_tables(connection)
    unplaced = {t for t in (*REFERENCE_TABLES, *tenant_tables) if t not in placed}
    if not unplaced:
        return done
    cross = set(CROSS_TENANT_KEYS)
    keys = await _foreign_keys(connection, unplaced)
    async with connection.transaction():
        # One connection per node for the whole transaction: tables with keys to reference
        # tables may not be written over parallel connections.
        await connection.execute("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'")
        for key in keys:
            await connection.execute(f'ALTER TABLE {key["tbl"]} DROP CONSTRAINT "{key["conname"]}"')
        for table in REFERENCE_TABLES:
            if table in unplaced:
                await connection.execute("SELECT create_reference_table($1)", table)
                done.append(f"{table}: reference table")
        anchor = next((t for t in tenant_tables if t in placed), None)
        for table in tenant_tables:
            if table in unplaced:
                await connection.execute(
                    "SELECT create_distributed_table($1, 'tenant_id', colocate_with => $2)",
                    table,
                    anchor or "default",
                )
                anchor = anchor or table
                done.append(f"{table}: distributed by tenant_id")
        for key in keys:
            if (key["tbl"], key["conname"]) in cross:
                done.append(f"{key['tbl']}: {key['conname']} dropped (crosses merchants)")
                continue
            await connection.execute(
                f'ALTER TABLE {key["tbl"]} ADD CONSTRAINT "{key["conname"]}" {key["def"]}'
            )
    return done


def _on(url: str, host: str, port: int, database: str) -> str:
    parts = urlsplit(url)
    login = parts.netloc.rpartition("@")[0]
    return urlunsplit(parts._replace(netloc=f"{login}@{host}:{port}", path=f"/{database}"))


async def _nodes(admin_url: str) -> list[tuple[str, int]]:
    """The cluster's nodes, the coordinator first, as the coordinator's database knows them."""
    admin = await asyncpg.connect(**database_credentials(admin_url))
    try:
        rows = await admin.fetch(
            "SELECT nodename, nodeport FROM pg_dist_node WHERE noderole = 'primary'"
            " ORDER BY groupid"
        )
    finally:
        await admin.close()
    return [(row["nodename"], row["nodeport"]) for row in rows]


async def create_database(admin_url: str, name: str) -> str:
    """A new database on every node of the cluster whose coordinator `admin_url` names (a
    database with Citus and the nodes registered), with Citus in each and the workers
    registered in the coordinator's; returns its URL on the coordinator. Citus keeps its
    metadata per database, so a database of a cluster is made on every node."""
    coordinator, *workers = await _nodes(admin_url)
    for host, port in [coordinator, *workers]:
        node = await asyncpg.connect(**database_credentials(_on(admin_url, host, port, "postgres")))
        try:
            await node.execute(f'CREATE DATABASE "{name}"')
        finally:
            await node.close()
        made = await asyncpg.connect(**database_credentials(_on(admin_url, host, port, name)))
        try:
            await made.execute("CREATE EXTENSION citus")
        finally:
            await made.close()
    url = _on(admin_url, *coordinator, name)
    owner = await asyncpg.connect(**database_credentials(url))
    try:
        await owner.execute("SELECT citus_set_coordinator_host($1, $2)", *coordinator)
        for host, port in workers:
            await owner.execute("SELECT citus_add_node($1, $2)", host, port)
    finally:
        await owner.close()
    return url


async def drop_database(admin_url: str, name: str) -> None:
    """Drop `name` on every node (the nodes as the admin database knows them)."""
    for host, port in await _nodes(admin_url):
        node = await asyncpg.connect(**database_credentials(_on(admin_url, host, port, "postgres")))
        try:
            await node.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await node.close()


@dataclass(frozen=True)
class NodeShards:
    node: str
    shards: int
    bytes: int


@dataclass(frozen=True)
class TenantPlacement:
    tenant_id: str
    slug: str
    rows: int
    node: str


async def node_shards(connection: asyncpg.Connection) -> list[NodeShards]:
    rows = await connection.fetch(
        "SELECT nodename || ':' || nodeport AS node, count(*) AS shards,"
        " coalesce(sum(shard_size), 0)::bigint AS bytes FROM citus_shards"
        " GROUP BY 1 ORDER BY 1"
    )
    return [NodeShards(row["node"], row["shards"], row["bytes"]) for row in rows]


async def biggest_tenants(connection: asyncpg.Connection, first: int = 10) -> list[TenantPlacement]:
    """The merchants with the most ledger transfers, and the node holding their shard group
    (an operator-wide read: it fans out on purpose)."""
    rows = await connection.fetch(
        "WITH big AS (SELECT tenant_id, count(*) AS n FROM transfer GROUP BY 1"
        "  ORDER BY 2 DESC LIMIT $1)"
        " SELECT big.tenant_id::text, t.slug, big.n, s.nodename || ':' || s.nodeport AS node"
        " FROM big JOIN tenant t ON t.id = big.tenant_id"
        " JOIN citus_shards s ON s.shardid ="
        "  get_shard_id_for_distribution_column('transfer', big.tenant_id)"
        " ORDER BY big.n DESC",
        first,
    )
    return [TenantPlacement(row["tenant_id"], row["slug"], row["n"], row["node"]) for row in rows]
