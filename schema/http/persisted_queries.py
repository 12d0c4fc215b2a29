"""Automatic persisted queries, and the registry of documents member tokens may run.

APQ is the protocol Apollo Client, urql and Relay speak (`extensions.persistedQuery` with
`version: 1` and the document's `sha256Hash`): a client first sends only the hash; an unknown
hash is answered `PERSISTED_QUERY_NOT_FOUND`, and the client sends hash and document once,
which stores it. Documents live in Redis for a week (shared by every pod) and in a small
per-process LRU, which is all there is while Redis is down: an APQ miss costs one more round
trip, never a failed request.

The registry is the front ends' own documents (`web/*/operations/*.graphql`) plus any
directory named in `REGISTERED_OPERATIONS`. With `MEMBER_DOCUMENTS=registered`, a member
token may run only those (compared after parsing and printing, so whitespace and comments do
not matter); staff, API keys and operators are unaffected. The registered documents are also
known to APQ by the hash of their text from the start.

The LRU is an OrderedDict of a few lines rather than a dependency.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import GraphQLError, parse, print_ast
from redis.exceptions import RedisError

import web
from app.core.redis import RedisClient
from schema.http.transport import TransportError

APQ_TTL_SECONDS = 7 * 24 * 3600
LOCAL_ENTRIES = 2000
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _key(digest: str) -> str:
    """A document's key. Documents are nobody's in particular: the digest is the hash tag, so
    the cache spreads over a Redis Cluster's slots."""
    return f"{{apq:{digest}}}"


@dataclass(frozen=True)
class PersistedQuery:
    """A request's `extensions.persistedQuery`."""

    sha256: str

    @classmethod
    def of(cls, extensions: Any) -> PersistedQuery | None:
        if extensions is None:
            return None
        if not isinstance(extensions, dict):
            raise TransportError(400, "`extensions` must be an object.", "BAD_REQUEST")
        asked = extensions.get("persistedQuery")
        if asked is None:
            return None
        if not isinstance(asked, dict) or asked.get("version") != 1:
            raise TransportError(
                400, "persistedQuery: only version 1 is supported.", "PERSISTED_QUERY_NOT_SUPPORTED"
            )
        digest = asked.get("sha256Hash")
        if not isinstance(digest, str) or not _SHA256.match(digest):
            raise TransportError(
                400, "persistedQuery.sha256Hash must be 64 hex digits.", "BAD_REQUEST"
            )
        return cls(digest)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Local:
    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, str] = OrderedDict()

    def get(self, digest: str) -> str | None:
        found = self.entries.get(digest)
        if found is not None:
            self.entries.move_to_end(digest)
        return found

    def put(self, digest: str, document: str) -> None:
        self.entries[digest] = document
        self.entries.move_to_end(digest)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


class PersistedQueries:
    def __init__(self, redis: RedisClient, registry: Registry) -> None:
        self.redis = redis
        self.local = _Local(LOCAL_ENTRIES)
        self.registry = registry
        for document in registry.documents:
            self.local.put(sha256(document), document)

    async def document(self, query: str | None, persisted: PersistedQuery | None) -> str:
        """The document to run: the one sent (stored when it came with its hash), or the one
        stored under the hash sent alone."""
        if persisted is None:
            if query is None:
                raise TransportError(400, "`query` must be a non-empty string.", "BAD_REQUEST")
            return query
        if query is not None:
            if sha256(query) != persisted.sha256:
                raise TransportError(
                    400, "persistedQuery.sha256Hash does not match the query.", "BAD_REQUEST"
                )
            await self._store(persisted.sha256, query)
            return query
        found = self.local.get(persisted.sha256) or await self._fetch(persisted.sha256)
        if found is None:
            raise TransportError(
                # 200 as every APQ client expects, even for graphql-response+json: the client
                # answers it by sending the document, and nothing was wrong with the request.
                200,
                "PersistedQueryNotFound",
                "PERSISTED_QUERY_NOT_FOUND",
            )
        return found

    async def _store(self, digest: str, document: str) -> None:
        self.local.put(digest, document)
        # Without Redis the per-process copy serves this pod; others ask for the document once.
        with suppress(RedisError, OSError):
            await self.redis.set(_key(digest), document, ex=APQ_TTL_SECONDS)

    async def _fetch(self, digest: str) -> str | None:
        try:
            found = await self.redis.get(_key(digest))
        except (RedisError, OSError):
            return None
        if isinstance(found, str):
            self.local.put(digest, found)
            return found
        return None


class Registry:
    """The documents member tokens may run when `MEMBER_DOCUMENTS=registered`."""

    def __init__(self, documents: Iterable[str]) -> None:
        self.documents = list(documents)
        self.normalized = {sha256(_normalized(text)) for text in self.documents}
        self.checked = _Local(LOCAL_ENTRIES)

    @classmethod
    def load(cls, extra_directories: Iterable[str] = ()) -> Registry:
        front_ends = Path(web.__file__).parent
        files = sorted(front_ends.glob("*/operations/*.graphql"))
        for directory in extra_directories:
            files += sorted(Path(directory).glob("**/*.graphql"))
        return cls(path.read_text(encoding="utf-8") for path in files)

    def allows(self, document: str) -> bool:
        digest = sha256(document)
        known = self.checked.get(digest)
        if known is None:
            try:
                known = "yes" if sha256(_normalized(document)) in self.normalized else "no"
            except GraphQLError:
                known = "no"
            self.checked.put(digest, known)
        return known == "yes"


def _normalized(document: str) -> str:
    return print_ast(parse(document, no_location=True))


def not_registered() -> TransportError:
    return TransportError(
        403,
        "Member tokens may run only the registered operations of the front ends.",
        "OPERATION_NOT_REGISTERED",
    )
