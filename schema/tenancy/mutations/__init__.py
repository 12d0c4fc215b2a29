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
    refresh_session,
    revoke_api_key,
    set_tenant_status,
    sign_up_merchant,
    update_staff_role,
)


@strawberry.type
class TenancyMutations:
    sign_up_merchant = strawberry.mutation(
        resolver=sign_up_merchant.resolve,
        description="Create a merchant, its owner login, point currency and ledger accounts, "
        "and log the owner in. No authentication. Errors: SLUG_TAKEN, EMAIL_TAKEN, "
        "WEAK_PASSWORD, INVALID_CURRENCY, INVALID_RATIO, INVALID_INPUT.",
    )
    login = strawberry.mutation(
        resolver=login.resolve,
        description="Log a staff user in. Errors: INVALID_CREDENTIALS, TENANT_SUSPENDED.",
    )
    refresh_session = strawberry.mutation(
        resolver=refresh_session.resolve,
        description="Exchange a refresh token for new tokens. Each refresh token works once; "
        "presenting a used one ends the whole session. Errors: INVALID_REFRESH_TOKEN.",
    )
    logout = strawberry.mutation(
        resolver=logout.resolve,
        description="End the caller's session: its access and refresh tokens stop working. Staff.",
    )
    login_operator = strawberry.mutation(
        resolver=login_operator.resolve,
        description="Log a platform operator in for a short-lived token (no refresh).",
    )
    create_staff_user = strawberry.mutation(
        resolver=create_staff_user.resolve,
        description="Add a staff login. ADMIN or OWNER; only owners create owners. "
        "Errors: EMAIL_TAKEN, WEAK_PASSWORD, ROLE_NOT_ALLOWED, INVALID_INPUT.",
    )
    update_staff_role = strawberry.mutation(
        resolver=update_staff_role.resolve,
        description="Change a staff user's role. ADMIN or OWNER; only owners change owners. "
        "Errors: NOT_FOUND, ROLE_NOT_ALLOWED, LAST_OWNER.",
    )
    deactivate_staff_user = strawberry.mutation(
        resolver=deactivate_staff_user.resolve,
        description="Disable a staff login and end its sessions at once. ADMIN or OWNER. "
        "Errors: NOT_FOUND, ROLE_NOT_ALLOWED, LAST_OWNER, ALREADY_IN_STATE.",
    )
    create_api_key = strawberry.mutation(
        resolver=create_api_key.resolve,
        description="Create an API key for the merchant's backend; the secret is shown once. "
        "ADMIN or OWNER.",
    )
    revoke_api_key = strawberry.mutation(
        resolver=revoke_api_key.resolve,
        description="Revoke an API key at once. ADMIN or OWNER. Errors: NOT_FOUND, "
        "ALREADY_IN_STATE.",
    )
    suspend_tenant = strawberry.mutation(
        resolver=set_tenant_status.suspend,
        description="Suspend a merchant: its tokens and keys stop working at once. Operators.",
    )
    reactivate_tenant = strawberry.mutation(
        resolver=set_tenant_status.reactivate,
        description="Reactivate a suspended merchant. Operators.",
    )
