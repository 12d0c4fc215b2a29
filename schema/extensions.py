"""Schema extensions: limits, caches, and masking of internal errors."""

from __future__ import annotations

import logging
from collections.abc import Callable

from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.disable_introspection import DisableIntrospection

from app.core.outages import is_outage
from app.core.settings import Settings

logger = logging.getLogger("pointsmall.graphql")
CACHE_SIZE = 512


def is_internal(error: GraphQLError) -> bool:
    """Errors we raise on purpose are GraphQLErrors; anything else is a bug to hide."""
    return error.original_error is not None and not isinstance(error.original_error, GraphQLError)


class MaskInternalErrors(MaskErrors):
    """Replaces internal errors with a request id to quote, and logs them with that id. An
    outage (the database or Redis unreachable) is SERVICE_UNAVAILABLE: the endpoint answers it
    503 with Retry-After."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_internal, error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", "-")
        masked = super().anonymise_error(error)
        if is_outage(error.original_error):
            logger.warning("service unavailable in %s (request %s)", error.path, request_id)
            masked.message = "Service temporarily unavailable; retry shortly."
            masked.extensions = {"code": "SERVICE_UNAVAILABLE", "requestId": request_id}
            return masked
        logger.error(
            "internal error in %s (request %s)",
            error.path,
            request_id,
            exc_info=error.original_error,
        )
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
        return masked


ExtensionFactory = Callable[[], SchemaExtension]


def schema_extensions(settings: Settings) -> list[ExtensionFactory]:
    """Factories, so each request gets fresh extensions; the caches are module-level.

    The depth and alias limits are validation rules. Built once here, the same rule classes
    reach every request, so the validation cache (keyed by document and rules) hits; fresh
    limiter extensions per request would make new rule classes and miss it every time.
    """
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    factories: list[ExtensionFactory] = [
        lambda: ParserCache(maxsize=CACHE_SIZE),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=CACHE_SIZE),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        MaskInternalErrors,
    ]
    if not settings.introspection:
        factories.append(DisableIntrospection)
    return factories
