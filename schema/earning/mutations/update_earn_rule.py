"""updateEarnRule: replace a rule's settings."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError
from app.earning.programme import (
    update_occasion_rule,
    update_purchase_rule,
)
from schema.context import Info
from schema.earning.types import (
    EarnRulePayload,
    OccasionRuleInput,
    PurchaseRuleInput,
    one_rule_spec,
    rule_payload,
    rule_refused,
)
from schema.ids import parse_id
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input(description="Exactly one of `purchase` and `occasion`, matching the rule.")
class UpdateEarnRuleInput:
    rule_id: strawberry.ID
    purchase: PurchaseRuleInput | None = None
    occasion: OccasionRuleInput | None = None


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Replace a rule's settings (a check-in rule's window may not overlap another active one's: "
    "RULE_EXISTS).",
)
async def resolve(info: Info, input: UpdateEarnRuleInput) -> EarnRulePayload:
    tenant_id = tenant_of(info)
    try:
        one_rule_spec(input.purchase, input.occasion)
        rule_id = parse_id(input.rule_id)
        if input.purchase is not None:
            return rule_payload(
                await update_purchase_rule(tenant_id, rule_id, input.purchase.to_spec())
            )
        assert input.occasion is not None  # noqa: S101 - one_rule_spec checked
        return rule_payload(
            await update_occasion_rule(tenant_id, rule_id, input.occasion.to_spec())
        )
    except EarningError as error:
        return rule_refused(error, input.purchase)
