"""cancelOrder: cancel a confirmed order before fulfilment."""

from __future__ import annotations

import strawberry

from app.redemption import orders
from app.redemption.errors import RedemptionError
from schema.context import Info
from schema.errors import user_errors
from schema.ids import parse_id
from schema.permissions import Access, actor_of, mutation, tenant_of
from schema.redemption.types import Order, OrderPayload, RedemptionUserError
from tenants.principals import MemberPrincipal
from tenants.roles import ApiScope, StaffRole


@strawberry.input
class CancelOrderInput:
    order_id: strawberry.ID
    reason: str = ""


@mutation(
    Access(staff=StaffRole.STAFF, key=ApiScope.POINTS_WRITE, member=True),
    "Cancel a confirmed order before fulfilment: points back by the restore rule, stock back. "
    "Members cancel their own. Errors: ORDER_NOT_FOUND, INVALID_TRANSITION.",
)
async def resolve(info: Info, input: CancelOrderInput) -> OrderPayload:
    principal = info.context.principal
    own = principal.member_id if isinstance(principal, MemberPrincipal) else None
    tenant_id = principal.tenant_id if isinstance(principal, MemberPrincipal) else tenant_of(info)
    try:
        order = await orders.cancel_order(
            tenant_id, parse_id(input.order_id), actor_of(info), input.reason, own
        )
    except RedemptionError as error:
        return OrderPayload(user_errors=user_errors(error, RedemptionUserError))
    return OrderPayload(order=Order.from_model(order))
