"""createEarnRule: a purchase rule or an occasion rule."""

from __future__ import annotations

import strawberry

from app.earning.errors import EarningError
from app.earning.programme import (
    create_occasion_rule,
    create_purchase_rule,
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
from schema.idempotency import create_key_field, keyed
from schema.permissions import Access, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input(description="Exactly one of `purchase` and `occasion`.")
class CreateEarnRuleInput:
    purchase: PurchaseRuleInput | None = None
    occasion: OccasionRuleInput | None = None
    idempotency_key: str | None = create_key_field()


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Add an earning rule: a purchase rule or an occasion rule (sign-up, profile, birthday, "
    "check-in, event, referral). One check-in rule is active at a time: a second whose window "
    "overlaps it is RULE_EXISTS.",
)
async def resolve(info: Info, input: CreateEarnRuleInput) -> EarnRulePayload:
    tenant_id, key = tenant_of(info), keyed(info, input.idempotency_key)
    try:
        one_rule_spec(input.purchase, input.occasion)
        if input.purchase is not None:
            made = await create_purchase_rule(tenant_id, input.purchase.to_spec(), key)
            return rule_payload(made)
        assert input.occasion is not None  # noqa: S101 - one_rule_spec checked
        return rule_payload(await create_occasion_rule(tenant_id, input.occasion.to_spec(), key))
    except EarningError as error:
        return rule_refused(error, input.purchase)
