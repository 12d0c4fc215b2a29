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


@strawberry.type(description="Where a page ends and whether another follows.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when a later page exists.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` for the next page.")


@strawberry.type(description="One item of a connection with its cursor.")
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type(description="A page of items, oldest first.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def encode_cursor(item_id: UUID) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{item_id}".encode()).decode()


def page_request(first: int, after: str | None) -> PageRequest:
    """Checked paging arguments: `first` in 1..100 and a cursor this API issued."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise GraphQLError(
            f"`first` must be between 1 and {MAX_PAGE_SIZE}.", extensions={"code": "BAD_USER_INPUT"}
        )
    return PageRequest(first=first, after=_decode_cursor(after) if after else None)


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
    end = edges[-1].cursor if edges else None
    return Connection(
        edges=edges, page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=end)
    )
