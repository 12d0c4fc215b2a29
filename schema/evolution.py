"""Schema evolution: what changed in the SDL since the baseline, and whether each breaking change
was announced (CHANGELOG.md) and, for a removal, deprecated in the baseline first.

The baseline is the commit CHANGELOG.md names (`<!-- schema-baseline: <commit> -->`): the last
schema clients were promised. `pointsmall schema-check` compares it with `schema.graphql` using
graphql-core's `find_breaking_changes`; CI runs it, so a breaking change cannot land silently.
Cutting a release moves the baseline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graphql import (
    BreakingChangeType,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

BASELINE = re.compile(r"<!--\s*schema-baseline:\s*([0-9a-f]{7,40})\s*-->")
_COORDINATE = re.compile(r"\b([A-Za-z_]\w*\.\w+(?:\.\w+)?)\b")
_TYPE = re.compile(r"\b([A-Z]\w*)\b")
# Removals that must be deprecated first (a type cannot be deprecated: its fields are).
_REMOVALS = frozenset(
    {BreakingChangeType.FIELD_REMOVED, BreakingChangeType.VALUE_REMOVED_FROM_ENUM}
)


@dataclass(frozen=True)
class Change:
    description: str
    coordinate: str
    removal: bool


@dataclass(frozen=True)
class Verdict:
    unannounced: list[Change]
    undeprecated: list[Change]
    dangerous: list[str]

    @property
    def ok(self) -> bool:
        return not self.unannounced and not self.undeprecated


def baseline_commit(changelog: str) -> str | None:
    found = BASELINE.search(changelog)
    return found.group(1) if found else None


def breaking_changes(old: GraphQLSchema, new: GraphQLSchema) -> list[Change]:
    changes = []
    for change in find_breaking_changes(old, new):
        if change.description.startswith("Standard scalar"):
            continue  # an SDL prints the built-in scalars it uses: not a change to the API
        found = _COORDINATE.search(change.description) or _TYPE.search(change.description)
        coordinate = found.group(1) if found else change.description
        changes.append(Change(change.description, coordinate, change.type in _REMOVALS))
    return changes


def verdict(old_sdl: str, new_sdl: str, changelog: str) -> Verdict:
    """Each breaking change must be named under a `### Breaking` heading of CHANGELOG.md (as
    `Type.field`, `Enum.VALUE` or `Type`, in backticks); a removed field or enum value must
    have been deprecated in the baseline."""
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    changes = breaking_changes(old, new)
    announced = breaking_sections(changelog)
    return Verdict(
        unannounced=[c for c in changes if f"`{c.coordinate}`" not in announced],
        undeprecated=[c for c in changes if c.removal and not _deprecated(old, c.coordinate)],
        dangerous=[c.description for c in find_dangerous_changes(old, new)],
    )


def breaking_sections(changelog: str) -> str:
    """The text under every `### Breaking` heading (up to the next heading)."""
    kept, inside = [], False
    for line in changelog.splitlines():
        if line.startswith("#"):
            inside = line.strip().lower() == "### breaking"
        elif inside:
            kept.append(line)
    return "\n".join(kept)


def _deprecated(schema: GraphQLSchema, coordinate: str) -> bool:
    """Whether the field or enum value `Type.member` was deprecated in `schema`."""
    type_name, _, member = coordinate.partition(".")
    named = schema.get_type(type_name)
    if not member or named is None:
        return False
    if isinstance(named, GraphQLEnumType):
        value = named.values.get(member)
        return bool(value and value.deprecation_reason)
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
        field = named.fields.get(member)
        return bool(field and getattr(field, "deprecation_reason", None))
    return False
