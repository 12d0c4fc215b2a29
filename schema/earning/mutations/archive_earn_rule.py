"""archiveEarnRule: stop a rule; the points it gave stay."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError
from app.earning.programme import (
    archive_rule,
)
from schema.context import Info
from schema.earning.types import (
    EarningUserError,
    EarnRulePayload,
    rule_payload,
)
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input
class ArchiveEarnRuleInput:
    rule_id: strawberry.ID


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Stop a rule; points it gave stay.",
)
async def resolve(info: Info, input: ArchiveEarnRuleInput) -> EarnRulePayload:
    tenant_id = tenant_of(info)
    try:
        return rule_payload(await archive_rule(tenant_id, parse_id(input.rule_id)))
    except EarningError as error:
        return EarnRulePayload(user_errors=user_errors(error, EarningUserError))
