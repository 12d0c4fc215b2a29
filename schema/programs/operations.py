"""exportProgram and importProgram: a merchant's programme as a document, and a document
applied to a merchant."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from app.programs import importer
from app.programs.document import export_program
from app.programs.errors import ProgramError, ProgramErrorCode
from schema.context import Info
from schema.errors import UserError, user_errors
from schema.permissions import Access, mutation, query, tenant_of
from tenants.roles import StaffRole

ProgramErrorCodeEnum = strawberry.enum(
    ProgramErrorCode, name="ProgramErrorCode", description="Why a programme document was refused."
)
ActionEnum = strawberry.enum(
    importer.Action, name="ProgramChangeAction", description="What importing does to an item."
)


@strawberry.type(description="A refused programme document: where in it, why, and a message.")
class ProgramUserError(UserError):
    code: Annotated[ProgramErrorCode, ProgramErrorCodeEnum]


@strawberry.type(description="One thing importing the document changes (or would, on a dry run).")
class ProgramChange:
    section: str
    name: str
    action: Annotated[importer.Action, ActionEnum]


@strawberry.input
class ImportProgramInput:
    document: JSON
    dry_run: bool = False


@strawberry.type
class ImportProgramPayload:
    changes: list[ProgramChange] = strawberry.field(default_factory=list)
    applied: bool = False
    user_errors: list[ProgramUserError] = strawberry.field(default_factory=list)


@strawberry.type
class ProgramTemplateQueries:
    @query(
        Access(staff=StaffRole.ADMIN),
        "The merchant's programme as a versioned JSON document (format pointsmall.program, "
        "version 1): earning settings, points and tier policies, tiers, live earning rules and "
        "campaigns, rewards. No members, points, stock or codes. importProgram (or "
        "signUpMerchant's `program`) applies it to another merchant.",
    )
    async def export_program(self, info: Info) -> JSON:
        document: dict[str, Any] = await export_program(tenant_of(info))
        return JSON(document)


@strawberry.type
class ProgramTemplateMutations:
    @mutation(
        Access(staff=StaffRole.ADMIN),
        "Apply a programme document to this merchant, or with `dryRun` only list what it would "
        "change. Policies are replaced; tiers are matched by rank, rules by kind and name, "
        "campaigns and rewards by name; live rules and campaigns the document lacks are "
        "archived; new rewards arrive as drafts without stock. All or nothing. Errors: "
        "INVALID_DOCUMENT (`field` says where), UNSUPPORTED_VERSION.",
    )
    async def import_program(self, info: Info, input: ImportProgramInput) -> ImportProgramPayload:
        try:
            changes = await importer.import_program(tenant_of(info), input.document, input.dry_run)
        except ProgramError as error:
            return ImportProgramPayload(user_errors=user_errors(error, ProgramUserError))
        return ImportProgramPayload(
            changes=[
                ProgramChange(section=c.section, name=c.name, action=c.action) for c in changes
            ],
            applied=not input.dry_run,
        )
