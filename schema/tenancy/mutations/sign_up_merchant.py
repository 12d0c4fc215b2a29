"""signUpMerchant: self-service creation of a merchant, its owner and its point currency."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from app.ledger.currencies import CurrencySpec
from app.onboarding import MerchantSignUp, sign_up_merchant
from schema.context import Info
from schema.errors import TooManyAttemptsGraphQLError, user_errors
from schema.permissions import ANYONE, mutation
from schema.tenancy.types import Session, TenancyUserError
from tenants.errors import TenancyError
from tenants.throttle import TooManyAttemptsError


@strawberry.input(description="The merchant's point currency.")
class PointCurrencyInput:
    code: str = strawberry.field(description="2-16 upper-case letters or digits, e.g. STAR.")
    name: str = strawberry.field(description="Shown to members, e.g. 'Star points'.")
    fiat_currency: str = strawberry.field(description="ISO 4217 code the points are valued in.")
    points_per_fiat_unit: int = strawberry.field(
        description="Points worth one unit of fiat, 1-1,000,000 (100 means 100 points = 1 CNY)."
    )


@strawberry.input
class SignUpMerchantInput:
    merchant_name: str
    slug: str = strawberry.field(description="3-63 lower-case letters, digits, hyphens; unique.")
    owner_email: str = strawberry.field(description="The owner's login; unique on the platform.")
    owner_password: str = strawberry.field(
        description="At least 10 characters with three of: lower, upper, digits, symbols."
    )
    currency: PointCurrencyInput
    time_zone: str = strawberry.field(
        default="Asia/Shanghai",
        description="The IANA time zone the merchant's days count in (check-ins, daily limits, "
        "leaderboard weeks, yearly clearing, analytics); the owner may change it later.",
    )
    program: JSON | None = strawberry.field(
        default=None,
        description="A programme document (exportProgram of another merchant) to start from: "
        "its tiers, rules, campaigns, policies and catalog (rewards as drafts) replace the "
        "defaults. A document that does not apply refuses the sign-up (INVALID_INPUT, `field` "
        "program.<where>).",
    )


@strawberry.type
class SignUpMerchantPayload:
    session: Session | None = None
    user_errors: list[TenancyUserError] = strawberry.field(default_factory=list)


@mutation(
    ANYONE,
    "Create a merchant, its owner login, point currency and ledger accounts, and log the owner "
    "in. Errors: SLUG_TAKEN, EMAIL_TAKEN, WEAK_PASSWORD, INVALID_CURRENCY, INVALID_RATIO, "
    "INVALID_INPUT. More than SIGN_UPS_PER_ADDRESS (10) sign-ups from one address within "
    "LOGIN_LOCKOUT_SECONDS are "
    "refused with the error RATE_LIMITED (HTTP 429, Retry-After).",
)
async def resolve(info: Info, input: SignUpMerchantInput) -> SignUpMerchantPayload:
    currency = input.currency
    signup = MerchantSignUp(
        merchant_name=input.merchant_name,
        slug=input.slug,
        owner_email=input.owner_email,
        owner_password=input.owner_password,
        currency=CurrencySpec(
            currency.code, currency.name, currency.fiat_currency, currency.points_per_fiat_unit
        ),
        time_zone=input.time_zone.strip(),
        program=input.program,
    )
    context = info.context
    try:
        tokens = await context.throttle.sign_up(
            context.client_address,
            lambda: sign_up_merchant(signup, context.tokens, context.settings),
        )
    except TooManyAttemptsError as error:
        raise TooManyAttemptsGraphQLError(error.retry_after) from error
    except TenancyError as error:
        return SignUpMerchantPayload(user_errors=user_errors(error, TenancyUserError))
    return SignUpMerchantPayload(session=Session.from_tokens(tokens))
