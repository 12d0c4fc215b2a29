"""Relay connections with keyset cursors over time-ordered ids."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Generic, TypeVar
from uuid import UUID

import strawberry
from graphql import GraphQLError
from tortoise.models import Model

from app.core.pagination import MAX_PAGE_SIZE, Page, PageRequest

T = TypeVar("T")
M = TypeVar("M", bound=Model)
Item = TypeVar("Item")
CURSOR_PREFIX = "c1:"


@strawberry.type(
    description="Where a page starts and ends, and whether more items lie either side."
)
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when a later page exists.")
    has_previous_page: bool = strawberry.field(
        description="True when items lie before this page: paging forwards, whenever `after` "
        "was given; paging backwards, when an earlier page exists."
    )
    start_cursor: str | None = strawberry.field(
        description="The first item's cursor: pass as `before` for the previous page."
    )
    end_cursor: str | None = strawberry.field(
        description="The last item's cursor: pass as `after` for the next page."
    )


@strawberry.type(description="One item of a connection with its cursor.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The item.")
    cursor: str = strawberry.field(
        description="Where this item stands: pass as `after` or `before` to page from it."
    )


@strawberry.type(description="A page of items, in the order its list field states.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The items of this page with cursors.")
    page_info: PageInfo = strawberry.field(description="Where this page stands in the list.")

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def encode_cursor(item_id: UUID) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{item_id}".encode()).decode()


def page_request(
    first: int, after: str | None, last: int | None = None, before: str | None = None
) -> PageRequest:
    """Checked paging arguments: a size in 1..100 and cursors this API issued. `last` pages
    backwards and takes the place of `first` (whose default every list field has)."""
    size, name = (first, "first") if last is None else (last, "last")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise GraphQLError(
            f"`{name}` must be between 1 and {MAX_PAGE_SIZE}.",
            extensions={"code": "BAD_USER_INPUT"},
        )
    return PageRequest(
        first=size,
        after=_decode_cursor(after) if after else None,
        before=_decode_cursor(before) if before else None,
        backwards=last is not None,
    )


def _decode_cursor(cursor: str) -> UUID:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError(cursor)
        return UUID(text.removeprefix(CURSOR_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise GraphQLError("Invalid cursor.", extensions={"code": "BAD_USER_INPUT"}) from exc


def connection(page: Page[M], to_node: Callable[[M], T]) -> Connection[T]:
    return entry_connection(page, to_node, lambda item: UUID(str(item.pk)))


def entry_connection(
    page: Page[Item], to_node: Callable[[Item], T], key: Callable[[Item], UUID]
) -> Connection[T]:
    """A connection over a page of anything; `key` gives the id each cursor resumes after."""
    edges = [Edge(node=to_node(item), cursor=encode_cursor(key(item))) for item in page.items]
    info = PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info)
