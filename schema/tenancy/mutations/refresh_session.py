"""refreshSession: rotate a refresh token for a new access token."""

from __future__ import annotations

import strawberry

from schema.context import Info
from schema.errors import TooManyAttemptsGraphQLError, user_errors
from schema.permissions import ANYONE, mutation
from schema.tenancy.types import Session, TenancyUserError
from tenants.errors import TenancyError
from tenants.sessions import refresh
from tenants.throttle import TooManyAttemptsError


@strawberry.input
class RefreshSessionInput:
    refresh_token: str


@strawberry.type
class RefreshSessionPayload:
    session: Session | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    ANYONE,
    "Exchange a refresh token for new tokens. Each refresh token works once; presenting a used "
    "one ends the whole session. Errors: INVALID_REFRESH_TOKEN. After 30 refused tokens from one "
    "address within LOGIN_LOCKOUT_SECONDS, refreshes from it are refused with the error "
    "RATE_LIMITED (HTTP 429, Retry-After).",
)
async def resolve(info: Info, input: RefreshSessionInput) -> RefreshSessionPayload:
    context = info.context
    try:
        tokens = await context.throttle.refresh(
            context.client_address,
            lambda: refresh(input.refresh_token, context.tokens, context.settings),
        )
    except TooManyAttemptsError as error:
        raise TooManyAttemptsGraphQLError(error.retry_after) from error
    except TenancyError as error:
        return RefreshSessionPayload(user_errors=user_errors(error, TenancyUserError))
    return RefreshSessionPayload(session=Session.from_tokens(tokens))
