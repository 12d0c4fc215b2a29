"""Every ORM query inside a tenant's scope names its tenant, so no resolver can forget it.

Row-level security already narrows every query to the scope's tenant, but its condition is not
one a distributed database routes by: on Citus a statement goes to one merchant's shard only
when its WHERE says `tenant_id = <that merchant>` (app/core/citus.py). So, for every model with
a `tenant_id`:

- `TenantManager` adds `tenant_id = <the scope's tenant>` to every queryset the model makes
  (`Model.filter`, `.get`, `.all`, `.select_for_update`, querysets' `update` and `delete`);
- `TenantExecutor` adds it to the UPDATE and DELETE of one instance (`instance.save()` of a
  fetched row, `instance.delete()`), which Tortoise writes by primary key alone.

Under row-level security the added condition changes no result; on plain PostgreSQL it also
lets the planner use the composite keys directly.

Tortoise has no setting for either: a model's manager is set per model class (installed here
on every model once the model modules are imported: `install`), and the executor is the
asyncpg client's `executor_class` (the transaction client inherits it). `TenantExecutor`
restates Tortoise 1.1's instance UPDATE (`BaseExecutor.execute_update`) with the extra
condition, so it is checked against the locked Tortoise version by the tests that save rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from importlib import import_module
from typing import Any
from uuid import UUID

from tortoise.backends.asyncpg.client import AsyncpgDBClient
from tortoise.backends.asyncpg.executor import AsyncpgExecutor
from tortoise.expressions import Expression
from tortoise.fields.base import DatabaseDefault
from tortoise.manager import Manager
from tortoise.models import Model
from tortoise.queryset import QuerySet

TENANT = "tenant_id"
# The tenant whose scope this task is in (app.core.db.tenant_scope): None outside any scope,
# "" in the platform's.
SCOPED_TENANT: ContextVar[str | None] = ContextVar("scoped_tenant", default=None)


def scoped_tenant() -> UUID | None:
    """The tenant of the scope this task is in (None outside one, or in the platform's)."""
    tenant = SCOPED_TENANT.get()
    return UUID(tenant) if tenant else None


def required_tenant() -> UUID:
    """The scope's tenant, for raw SQL that must name it; a bug to ask outside a tenant scope."""
    tenant = scoped_tenant()
    if tenant is None:
        raise RuntimeError("not in a tenant's scope")
    return tenant


def _routed(model: type[Model]) -> bool:
    return TENANT in model._meta.fields_map


class TenantManager(Manager):
    """Querysets that name the scope's tenant."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = QuerySet(self._model)
        tenant = scoped_tenant()
        return queryset.filter(tenant_id=tenant) if tenant else queryset


class TenantExecutor(AsyncpgExecutor):
    """One row's UPDATE and DELETE by primary key and tenant."""

    @staticmethod
    def _by_tenant(sql: str, index: int) -> str:
        """`sql` (ending in its WHERE) narrowed to the tenant, bound as parameter `index`."""
        return f'{sql} AND "{TENANT}"=${index + 1}'

    async def execute_update(
        self, instance: type[Model] | Model, update_fields: Iterable[str] | None
    ) -> int:
        if not _routed(self.model):
            result: int = await super().execute_update(instance, update_fields)
            return result
        meta = self.model._meta
        if update_fields is not None and any(
            meta.fields_map[field].pk or meta.fields_map[field].generated for field in update_fields
        ):
            return await super().execute_update(instance, update_fields)  # Tortoise refuses it
        fields = (
            list(update_fields) if update_fields is not None else list(meta.fields_db_projection)
        )
        effective = [
            field
            for field in fields
            if field != TENANT  # a row never changes tenant; Citus refuses to SET it at all
            and not meta.fields_map[field].pk
            and not meta.fields_map[field].generated
            and not isinstance(getattr(instance, field), DatabaseDefault)
        ]
        if not effective:
            return 0
        values: list[Any] = []
        expressions: dict[str, Expression] = {}
        for field in effective:
            value = getattr(instance, field)
            if isinstance(value, Expression):
                expressions[field] = value
            else:
                values.append(meta.fields_map[field].to_db_value(value, instance))
        values.append(meta.pk.to_db_value(instance.pk, instance))
        sql = self._by_tenant(self.get_update_sql(effective, expressions), len(values))
        values.append(meta.fields_map[TENANT].to_db_value(getattr(instance, TENANT), instance))
        updated: int = (await self.db.execute_query(sql, values))[0]
        return updated

    async def execute_delete(self, instance: type[Model] | Model) -> int:
        if not _routed(self.model):
            result: int = await super().execute_delete(instance)
            return result
        meta = self.model._meta
        values = [
            meta.pk.to_db_value(instance.pk, instance),
            meta.fields_map[TENANT].to_db_value(getattr(instance, TENANT), instance),
        ]
        deleted: int = (await self.db.execute_query(self._by_tenant(self.delete_query, 1), values))[
            0
        ]
        return deleted


def install(modules: Iterable[str]) -> None:
    """Route every model with a tenant_id in `modules` by it; idempotent. Called with the
    Tortoise config (app.core.db.tortoise_config), before any model is used."""
    AsyncpgDBClient.executor_class = TenantExecutor
    for name in modules:
        for value in vars(import_module(name)).values():
            if (
                isinstance(value, type)
                and issubclass(value, Model)
                and value is not Model
                and not value._meta.abstract
                and _routed(value)
                and not isinstance(value._meta.manager, TenantManager)
            ):
                value._meta.manager = TenantManager(value)
