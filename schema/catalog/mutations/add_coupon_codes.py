"""addCouponCodes: the merchant's codes, or generated ones, into a COUPON reward's pool."""

from __future__ import annotations

import strawberry

from app.catalog import service
from app.catalog.errors import CatalogError
from app.core.idempotency import OptionalKey
from schema.catalog.types import (
    RewardPayload,
    reward_payload,
    reward_refused,
)
from schema.context import Info
from schema.ids import parse_id
from schema.permissions import Access, actor_of, mutation, tenant_of
from tenants.roles import StaffRole


@strawberry.input
class AddCouponCodesInput:
    reward_id: strawberry.ID
    codes: list[str] = strawberry.field(
        default_factory=list, description="Up to 10,000 codes; duplicates are skipped."
    )
    generate: int = strawberry.field(
        default=0, description="How many codes to generate as well (12 readable characters)."
    )
    prefix: str = strawberry.field(default="", description="Generated codes start with this.")
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Recommended: a retry with the same key changes nothing more and answers "
        "as the first call did (1-200 printable characters; required in a later version).",
    )


@mutation(
    Access(staff=StaffRole.ADMIN),
    "Add the merchant's codes, or generate them, in a COUPON reward's pool; its stock grows "
    "with them. Idempotent by idempotencyKey. Errors: NOT_A_COUPON, INVALID_INPUT, "
    "IDEMPOTENCY_KEY_REUSED.",
)
async def resolve(info: Info, input: AddCouponCodesInput) -> RewardPayload:
    tenant_id = tenant_of(info)
    reward_id = parse_id(input.reward_id)
    try:
        added = await service.add_coupon_codes(
            tenant_id,
            reward_id,
            input.codes,
            input.generate,
            input.prefix,
            OptionalKey(input.idempotency_key, actor_of(info)),
        )
        reward = await service.get_reward(tenant_id, reward_id)
    except CatalogError as error:
        return reward_refused(error)
    assert reward is not None  # noqa: S101 - add_coupon_codes found it
    return reward_payload(reward, added)
