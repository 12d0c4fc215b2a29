"""What each /graphql request leaves behind: a metric sample and one JSON access-log line.

The operation is named by its first root field (`awardPoints`), checked against the schema so a
client cannot mint label values; the principal by its kind and tenant. Never a header, token,
variable or email.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, parse
from starlette.requests import Request

from app.core.metrics import LATENCY, REQUESTS
from schema.root import PointsmallSchema
from tenants.principals import (
    Anonymous,
    ApiKeyPrincipal,
    MemberPrincipal,
    OperatorPrincipal,
    Principal,
    StaffPrincipal,
)

access_log = logging.getLogger("pointsmall.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
UNKNOWN = "-"
KINDS = {
    Anonymous: "anonymous",
    StaffPrincipal: "staff",
    MemberPrincipal: "member",
    ApiKeyPrincipal: "api_key",
    OperatorPrincipal: "operator",
}


def request_id_of(request: Request) -> str:
    """The caller's `x-request-id` when it is a sane one, else a new id."""
    given = request.headers.get("x-request-id", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


@dataclass
class RequestFacts:
    operation: str = UNKNOWN
    principal: Principal = field(default_factory=Anonymous)
    # "rejected" until the operation executes (transport and authentication refusals).
    outcome: str = "rejected"

    def record(self, request_id: str, status: int, seconds: float) -> None:
        LATENCY.labels(self.operation).observe(seconds)
        REQUESTS.labels(self.operation, self.outcome).inc()
        tenant = getattr(self.principal, "tenant_id", None)
        access_log.info(
            "graphql request",
            extra={
                "fields": {
                    "request_id": request_id,
                    "operation": self.operation,
                    "principal": KINDS[type(self.principal)],
                    "tenant": str(tenant) if tenant else None,
                    "status": status,
                    "outcome": self.outcome,
                    "duration_ms": round(seconds * 1000, 2),
                }
            },
        )


class OperationLabels:
    """Root-field names of documents, remembered for the documents seen most."""

    def __init__(self, schema: PointsmallSchema) -> None:
        graphql_schema = schema._schema
        roots = [graphql_schema.query_type, graphql_schema.mutation_type]
        known = {name for root in roots if root for name in root.fields}
        self.label = lru_cache(maxsize=512)(lambda query, name: _root_field(query, name, known))


def _root_field(query: str, operation_name: str | None, known: set[str]) -> str:
    try:
        document = parse(query)
    except GraphQLError:
        return UNKNOWN
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next(
        (
            o
            for o in operations
            if operation_name is None or (o.name and o.name.value == operation_name)
        ),
        None,
    )
    if chosen is None:
        return UNKNOWN
    first = next((s for s in chosen.selection_set.selections if isinstance(s, FieldNode)), None)
    return first.name.value if first and first.name.value in known else UNKNOWN
