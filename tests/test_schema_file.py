"""The committed SDL matches the code, and `schema` is ours, not the PyPI package."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

import schema
from app.core.settings import load_settings
from schema.root import build_schema

ROOT = Path(__file__).resolve().parents[1]


def test_schema_package_is_the_repository_one() -> None:
    assert Path(schema.__file__).resolve().is_relative_to(ROOT)


def test_committed_schema_graphql_is_current() -> None:
    sdl = print_schema(build_schema(load_settings({"POINTSMALL_ENV": "development"}))) + "\n"
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == sdl, "schema.graphql is stale: run `pointsmall export-schema`"
