"""Every element of the schema is described: types, fields, arguments, input fields and enum
values, and each error code says when it happens and what a client should do."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLEnumType, build_schema

from app.core.settings import load_settings
from schema.documentation import document, stale, undocumented
from schema.root import build_schema as build_pointsmall_schema

ROOT = Path(__file__).resolve().parents[3]


def test_the_published_sdl_has_no_undocumented_element() -> None:
    published = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))

    assert undocumented(published) == []


def test_the_catalog_names_only_elements_that_exist() -> None:
    schema = build_pointsmall_schema(load_settings({"POINTSMALL_ENV": "development"}))

    assert stale(schema._schema) == []


def test_an_element_nobody_described_is_reported_by_its_coordinate() -> None:
    sdl = """
    "The root."
    type Query {
      "Documented."
      wallet("Whose." memberId: ID!, mystery: Int): Gadget
    }
    type Gadget { "Documented." size: Int, colour: Colour }
    "Colours."
    enum Colour { "Red." RED BLUE }
    """

    found = undocumented(document(build_schema(sdl)))

    assert found == ["Query.wallet(mystery)", "Gadget", "Gadget.colour", "Colour.BLUE"]


def test_every_error_code_says_when_it_happens_and_what_to_do() -> None:
    published = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
    codes = {
        f"{name}.{value}": described.description or ""
        for name, enum in published.type_map.items()
        if isinstance(enum, GraphQLEnumType) and name.endswith("ErrorCode")
        for value, described in enum.values.items()
    }

    assert len(codes) > 100
    # A sentence of what happened, at least; most add what to do in a second one.
    terse = [code for code, text in codes.items() if len(text.split()) < 6]
    assert terse == []
