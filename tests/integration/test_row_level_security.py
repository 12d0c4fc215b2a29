"""Row-level security, below the service layer: raw SQL in one tenant's scope."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import httpx
import pytest
from tortoise.exceptions import OperationalError

from app.core.db import APP_ROLE, database_credentials, platform_scope, tenant_scope
from app.core.settings import Settings
from tests.api.operations.members import new_member
from tests.api.operations.tenancy import create_api_key, sign_up

TENANT_TABLES = ["staff_user", "staff_session", "api_key", "member", "account", "currency"]


async def test_queries_run_as_the_restricted_role(client: httpx.AsyncClient) -> None:
    async with platform_scope() as connection:
        rows = await connection.execute_query_dict(
            "select current_user as role, (select rolbypassrls or rolsuper from pg_roles where rolname = current_user) as bypass"
        )
    assert rows == [{"role": APP_ROLE, "bypass": False}]


async def test_a_tenant_scope_sees_no_row_of_another_tenant(client: httpx.AsyncClient) -> None:
    # given tenant A with rows in every tenant-owned table, and tenant B
    a = await sign_up(client)
    await new_member(client, a.access_token, "a-member")
    await create_api_key(client, a, ["MEMBERS_READ"])
    b = await sign_up(client)

    for table in TENANT_TABLES:
        # when tenant B's scope reads the table with raw SQL
        async with tenant_scope(UUID(b.tenant_id)) as connection:
            seen = await connection.execute_query_dict(
                f"select count(*) as n from {table} where tenant_id = $1",
                [UUID(a.tenant_id)],
            )
        async with tenant_scope(UUID(a.tenant_id)) as connection:
            own = await connection.execute_query_dict(
                f"select count(*) as n from {table} where tenant_id = $1",
                [UUID(a.tenant_id)],
            )
        # then it sees none of A's rows, which A itself sees
        assert seen == [{"n": 0}], table
        assert own[0]["n"] > 0, table


async def test_no_tenant_set_means_no_rows(client: httpx.AsyncClient) -> None:
    await sign_up(client)
    async with platform_scope() as connection:
        rows = await connection.execute_query_dict("select count(*) as n from staff_user")
    assert rows == [{"n": 0}]


async def test_writing_a_row_for_another_tenant_is_refused(client: httpx.AsyncClient) -> None:
    a = await sign_up(client)
    b = await sign_up(client)
    with pytest.raises(OperationalError, match="row-level security"):
        async with tenant_scope(UUID(b.tenant_id)) as connection:
            await connection.execute_query(
                "insert into member (id, tenant_id, external_id, display_name, attributes, status, created_at, updated_at)"
                " values (gen_random_uuid(), $1, 'intruder', '', '{}', 'ACTIVE', now(), now())",
                [UUID(a.tenant_id)],
            )


async def test_every_table_with_a_tenant_id_has_row_level_security(settings: Settings) -> None:
    owner = await asyncpg.connect(**database_credentials(settings.database_url or ""))
    try:
        rows = await owner.fetch(
            "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_attribute a"
            " ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped"
            " WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace"
        )
    finally:
        await owner.close()
    unprotected = sorted(row["relname"] for row in rows if not row["relrowsecurity"])
    assert len(rows) >= 20
    assert unprotected == []
