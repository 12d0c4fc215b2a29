"""Every root field declares who may call it once: that value authorizes and writes the line."""

from __future__ import annotations

import pytest
from strawberry.permission import PermissionExtension
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from app.core.settings import Settings
from schema.permissions import LINE_START, Access, Allowed
from schema.root import build_schema
from tenants.roles import ApiScope, StaffRole


def _root_fields() -> list[tuple[str, StrawberryField]]:
    schema = build_schema(Settings())
    fields = []
    for root in ("Query", "Mutation"):
        definition = schema.get_type_by_name(root)
        assert isinstance(definition, StrawberryObjectDefinition)
        fields += [(f"{root}.{field.python_name}", field) for field in definition.fields]
    return fields


def _access(field: StrawberryField) -> Access:
    (extension,) = [e for e in field.extensions if isinstance(e, PermissionExtension)]
    (permission,) = extension.permissions
    assert isinstance(permission, Allowed)
    return permission.access


@pytest.mark.parametrize(
    ("name", "field"), _root_fields(), ids=lambda value: value if isinstance(value, str) else ""
)
def test_every_root_field_has_its_generated_permission_line(
    name: str, field: StrawberryField
) -> None:
    access = _access(field)
    assert field.description is not None, name
    # the description ends with the line its own Access writes, and says it only once
    assert field.description.endswith("\n\n" + access.line), name
    assert field.description.count(LINE_START) == 1, name


def test_the_schema_has_every_root_field_checked() -> None:
    assert len(_root_fields()) == 135


@pytest.mark.parametrize(
    ("access", "line"),
    [
        (Access(anyone=True), "Who may call: anyone, signed in or not."),
        (Access(staff=StaffRole.VIEWER), "Who may call: any staff user."),
        (
            Access(staff=StaffRole.ADMIN, key=ApiScope.POINTS_WRITE),
            "Who may call: staff with the ADMIN role or higher, or an API key with the "
            "POINTS_WRITE scope.",
        ),
        (
            Access(staff=StaffRole.VIEWER, any_key=True, member=True),
            "Who may call: any staff user, or any API key, or a member token.",
        ),
        (Access(operator=True), "Who may call: a platform operator."),
    ],
)
def test_the_line_says_who_in_words(access: Access, line: str) -> None:
    assert access.line == line
