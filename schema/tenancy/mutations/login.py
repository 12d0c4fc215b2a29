"""login: a staff email and password for a session."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.errors import user_errors
from schema.permissions import ANYONE, mutation
from schema.tenancy.types import Session, TenancyUserError
from tenants.errors import TenancyError
from tenants.sessions import login


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.type
class LoginPayload:
    session: Session | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    ANYONE,
    "Log a staff user in. Errors: INVALID_CREDENTIALS, TENANT_SUSPENDED.",
)
async def resolve(info: Info, input: LoginInput) -> LoginPayload:
    context = info.context
    try:
        tokens = await login(input.email, input.password, context.tokens, context.settings)
    except TenancyError as error:
        return LoginPayload(user_errors=user_errors(error, TenancyUserError))
    return LoginPayload(session=Session.from_tokens(tokens))
