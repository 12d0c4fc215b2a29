"""loginOperator: a platform operator's email and password for a short-lived token."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.errors import TooManyAttemptsGraphQLError, user_errors
from schema.permissions import ANYONE, mutation
from schema.tenancy.mutations.login import LoginInput
from schema.tenancy.types import TenancyUserError
from tenants.errors import TenancyError
from tenants.operators import login_operator
from tenants.throttle import TooManyAttemptsError


@strawberry.type
class LoginOperatorPayload:
    access_token: str | None = None
    expires_in: int | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    ANYONE,
    "Log a platform operator in for a short-lived token (no refresh). Throttled like `login` "
    "(RATE_LIMITED, HTTP 429, Retry-After).",
)
async def resolve(info: Info, input: LoginInput) -> LoginOperatorPayload:
    context = info.context
    try:
        token = await context.throttle.guarded(
            input.email,
            context.client_address,
            lambda: login_operator(input.email, input.password, context.tokens, context.settings),
        )
    except TooManyAttemptsError as error:
        raise TooManyAttemptsGraphQLError(error.retry_after) from error
    except TenancyError as error:
        return LoginOperatorPayload(user_errors=user_errors(error, TenancyUserError))
    return LoginOperatorPayload(access_token=token.access_token, expires_in=token.expires_in)
