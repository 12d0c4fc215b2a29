"""Tenancy mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.tenancy.mutations import (
    create_api_key,
    create_staff_user,
    deactivate_staff_user,
    login,
    login_operator,
    logout,
    reactivate_tenant,
    refresh_session,
    revoke_api_key,
    set_allowed_origins,
    sign_up_merchant,
    suspend_tenant,
    update_staff_role,
    update_tenant,
)


@strawberry.type
class TenancyMutations:
    sign_up_merchant = sign_up_merchant.resolve
    login = login.resolve
    refresh_session = refresh_session.resolve
    logout = logout.resolve
    login_operator = login_operator.resolve
    create_staff_user = create_staff_user.resolve
    update_staff_role = update_staff_role.resolve
    deactivate_staff_user = deactivate_staff_user.resolve
    create_api_key = create_api_key.resolve
    revoke_api_key = revoke_api_key.resolve
    set_allowed_origins = set_allowed_origins.resolve
    suspend_tenant = suspend_tenant.resolve
    reactivate_tenant = reactivate_tenant.resolve
    update_tenant = update_tenant.resolve
