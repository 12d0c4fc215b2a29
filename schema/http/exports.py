"""CSV exports over plain HTTP, streamed page by page, with the same bearer credentials as
/graphql.

The portal and the console serve the same files under their own path
(`/portal/exports/...`, `/console/exports/...`) on their session cookie, so a page can link to
them.

- `GET /exports/settlement/{batchId}.csv`: operators get every obligation of the batch; merchant
  staff get the obligations naming their merchant (their statement); anyone else is refused. An
  unknown batch, or one without the merchant in it, is 404 either way.
- `GET /exports/members.csv`, `/exports/ledger.csv`, `/exports/orders.csv`: the caller's own
  tenant, for staff with the ADMIN role or higher, or an API key with MEMBERS_READ (members) or
  POINTS_READ (ledger history and orders).
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable
from uuid import UUID

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from app.analytics.exports import EXPORTS, ExportKind, export_pages
from app.settlement.models import Obligation
from app.settlement.service import get_batch, has_line, obligation_pages
from schema.http.endpoint import bearer
from tenants.auth import authenticate
from tenants.errors import AuthError
from tenants.principals import (
    Anonymous,
    ApiKeyPrincipal,
    OperatorPrincipal,
    Principal,
    StaffPrincipal,
)
from tenants.roles import ApiScope, StaffRole
from tenants.tokens import TokenIssuer

COLUMNS = [
    "obligation_id",
    "created_at",
    "kind",
    "debtor",
    "creditor",
    "amount_minor",
    "fiat_currency",
    "quote_id",
    "journal_id",
]
PLATFORM = "PLATFORM"


Credential = Callable[[Request], str | None]


class SettlementExport:
    def __init__(self, tokens: TokenIssuer, credential: Credential = bearer) -> None:
        self.tokens = tokens
        self.credential = credential

    async def respond(self, request: Request) -> Response:
        principal = await _signed_in(self.credential(request), self.tokens)
        if isinstance(principal, Response):
            return principal
        if not isinstance(principal, OperatorPrincipal | StaffPrincipal):
            return _refusal(403, "Operators and merchant staff only.")
        try:
            batch_id = UUID(request.path_params["batch_id"])
        except ValueError:
            return _refusal(404, "No such batch.")
        merchant = principal.tenant_id if isinstance(principal, StaffPrincipal) else None
        batch = await get_batch(batch_id)
        if batch is None or (merchant is not None and not await has_line(batch_id, merchant)):
            return _refusal(404, "No such batch.")
        return _csv(_rows(batch_id, merchant), f"settlement-{batch_id}.csv")


EXPORT_SCOPES = {
    ExportKind.MEMBERS: ApiScope.MEMBERS_READ,
    ExportKind.LEDGER: ApiScope.POINTS_READ,
    ExportKind.ORDERS: ApiScope.POINTS_READ,
}


class TenantExport:
    """One of the caller's tenant's exports, named by the path (`members`, `ledger`, `orders`)."""

    def __init__(
        self, tokens: TokenIssuer, kind: ExportKind, credential: Credential = bearer
    ) -> None:
        self.tokens = tokens
        self.kind = kind
        self.credential = credential

    async def respond(self, request: Request) -> Response:
        principal = await _signed_in(self.credential(request), self.tokens)
        if isinstance(principal, Response):
            return principal
        if isinstance(principal, ApiKeyPrincipal):
            if EXPORT_SCOPES[self.kind] not in principal.scopes:
                return _refusal(403, f"API key lacks the {EXPORT_SCOPES[self.kind]} scope.")
        elif not isinstance(principal, StaffPrincipal):
            return _refusal(403, "Merchant staff and API keys only.")
        elif not principal.role.at_least(StaffRole.ADMIN):
            return _refusal(403, "Needs the ADMIN role or higher.")
        return _csv(self._rows(principal.tenant_id), f"{self.kind}.csv")

    async def _rows(self, tenant_id: UUID) -> AsyncIterator[str]:
        yield _line(list(EXPORTS[self.kind].columns))
        async for page in export_pages(tenant_id, self.kind):
            yield "".join(_line(row) for row in page)


async def _signed_in(authorization: str | None, tokens: TokenIssuer) -> Principal | Response:
    """The caller, or the 401 answer for an anonymous or refused credential."""
    try:
        principal = await authenticate(authorization, tokens)
    except AuthError as error:
        return _refusal(401, error.message)
    if isinstance(principal, Anonymous):
        return _refusal(401, "Sign in first.")
    return principal


def _csv(rows: AsyncIterator[str], name: str) -> StreamingResponse:
    return StreamingResponse(
        rows,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


async def _rows(batch_id: UUID, merchant: UUID | None) -> AsyncIterator[str]:
    yield _line(COLUMNS)
    async for page in obligation_pages(batch_id, merchant):
        yield "".join(_line(_obligation_cells(obligation)) for obligation in page)


def _obligation_cells(obligation: Obligation) -> list[str]:
    return [
        str(obligation.id),
        obligation.created_at.isoformat(),
        obligation.kind.value,
        str(obligation.debtor_id or PLATFORM),
        str(obligation.creditor_id or PLATFORM),
        str(obligation.amount_minor),
        obligation.fiat_currency,
        str(obligation.quote_id),
        str(obligation.journal_id),
    ]


def _line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def _refusal(status: int, message: str) -> JSONResponse:
    headers = {"www-authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": message}, status_code=status, headers=headers)
