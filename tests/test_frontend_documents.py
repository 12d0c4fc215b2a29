"""Every GraphQL document the front ends run, and every example in examples/, is valid against
the committed schema.graphql, and every document a page names exists: a schema change that
breaks a page or an example fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate

ROOT = Path(__file__).resolve().parents[1]
SDL = build_schema((ROOT / "schema.graphql").read_text(encoding="utf-8"))
DOCUMENTS = sorted((ROOT / "web").rglob("operations/*.graphql"))
EXAMPLES = sorted((ROOT / "examples").rglob("*.graphql"))


def test_the_front_ends_and_the_examples_have_documents() -> None:
    assert len(DOCUMENTS) >= 2
    assert {path.parent.name for path in EXAMPLES} == {"member-app", "merchant-backend"}


@pytest.mark.parametrize("path", DOCUMENTS + EXAMPLES, ids=lambda path: path.stem)
def test_each_document_validates_and_is_named_after_its_file(path: Path) -> None:
    document = parse(path.read_text(encoding="utf-8"))
    assert validate(SDL, document) == []
    names = [
        d.name.value
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and d.name is not None
    ]
    assert names == [path.stem]


def test_every_document_a_script_runs_exists() -> None:
    for script in (ROOT / "web").rglob("*.js"):
        folder = script.parent / "operations"
        for name in re.findall(r'\brun\("(\w+)"', script.read_text(encoding="utf-8")):
            assert (folder / f"{name}.graphql").is_file(), f"{script.name} runs {name}"
