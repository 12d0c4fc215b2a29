"""Keyset pages over time-ordered ids: `first` rows after the id `after`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

from tortoise.models import Model
from tortoise.queryset import QuerySet

MAX_PAGE_SIZE = 100
M = TypeVar("M", bound=Model)
T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    first: int = 20
    after: UUID | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_next_page: bool


async def fetch_page(query: QuerySet[M], page: PageRequest, newest_first: bool = False) -> Page[M]:
    """One page of `query` ordered by id; `page.first` must already be within 1..100."""
    if page.after is not None:
        query = query.filter(id__lt=page.after) if newest_first else query.filter(id__gt=page.after)
    rows = await query.order_by("-id" if newest_first else "id").limit(page.first + 1)
    return Page(items=rows[: page.first], has_next_page=len(rows) > page.first)
