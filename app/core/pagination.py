"""Keyset pages over time-ordered ids: `size` rows after `after` (or, paging backwards, the
`size` rows nearest `before`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

from tortoise.models import Model
from tortoise.queryset import QuerySet

MAX_PAGE_SIZE = 100
M = TypeVar("M", bound=Model)
T = TypeVar("T")
Item = TypeVar("Item")


@dataclass(frozen=True)
class PageRequest:
    first: int = 20
    after: UUID | None = None
    before: UUID | None = None
    # Relay's `last`: the `first` rows nearest `before` (or the end), still in the list's order.
    backwards: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    has_next_page: bool
    has_previous_page: bool = False

    def holding(self, items: list[Item]) -> Page[Item]:
        """The same page position with other items (the rows turned into what is listed)."""
        return Page(items, self.has_next_page, self.has_previous_page)


async def fetch_page(query: QuerySet[M], page: PageRequest, newest_first: bool = False) -> Page[M]:
    """One page of `query` ordered by id; `page.first` must already be within 1..100."""
    later, earlier = ("id__lt", "id__gt") if newest_first else ("id__gt", "id__lt")
    if page.after is not None:
        query = query.filter(**{later: page.after})
    if page.before is not None:
        query = query.filter(**{earlier: page.before})
    forwards = "-id" if newest_first else "id"
    if not page.backwards:
        rows = await query.order_by(forwards).limit(page.first + 1)
        return Page(
            items=rows[: page.first],
            has_next_page=len(rows) > page.first,
            has_previous_page=page.after is not None,
        )
    backwards = forwards.removeprefix("-") if newest_first else f"-{forwards}"
    rows = await query.order_by(backwards).limit(page.first + 1)
    return Page(
        items=rows[: page.first][::-1],
        has_next_page=page.before is not None,
        has_previous_page=len(rows) > page.first,
    )
