"""login: a staff email and password for a session."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.errors import TooManyAttemptsGraphQLError, user_errors
from schema.permissions import ANYONE, mutation
from schema.tenancy.types import Session, TenancyUserError
from tenants.errors import TenancyError
from tenants.sessions import login
from tenants.throttle import TooManyAttemptsError


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
    "Log a staff user in. Errors: INVALID_CREDENTIALS, TENANT_SUSPENDED. After 5 failures for "
    "an email (or 30 from one address) within LOGIN_LOCKOUT_SECONDS, every attempt is refused "
    "with the error RATE_LIMITED (HTTP 429, Retry-After) until that window ends.",
)
async def resolve(info: Info, input: LoginInput) -> LoginPayload:
    context = info.context
    try:
        tokens = await context.throttle.guarded(
            input.email,
            context.client_address,
            lambda: login(input.email, input.password, context.tokens, context.settings),
        )
    except TooManyAttemptsError as error:
        raise TooManyAttemptsGraphQLError(error.retry_after) from error
    except TenancyError as error:
        return LoginPayload(user_errors=user_errors(error, TenancyUserError))
    return LoginPayload(session=Session.from_tokens(tokens))
