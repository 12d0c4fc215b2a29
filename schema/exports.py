"""CSV exports over plain HTTP: `GET /exports/settlement/{batchId}.csv`, streamed.

The same bearer credentials as /graphql. Operators get every obligation of the batch; merchant
staff get the obligations naming their merchant (their statement); anyone else is refused. An
unknown batch, or one without the merchant in it, is 404 either way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from uuid import UUID

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from app.settlement.models import Obligation
from app.settlement.service import get_batch, has_line, obligation_pages
from tenants.auth import authenticate
from tenants.errors import AuthError
from tenants.principals import Anonymous, OperatorPrincipal, StaffPrincipal
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


class SettlementExport:
    def __init__(self, tokens: TokenIssuer) -> None:
        self.tokens = tokens

    async def respond(self, request: Request) -> Response:
        try:
            principal = await authenticate(request.headers.get("authorization"), self.tokens)
        except AuthError as error:
            return _refusal(401, error.message)
        if isinstance(principal, Anonymous):
            return _refusal(401, "Sign in first.")
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
        name = f"settlement-{batch_id}.csv"
        return StreamingResponse(
            _rows(batch_id, merchant),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )


async def _rows(batch_id: UUID, merchant: UUID | None) -> AsyncIterator[str]:
    yield _line(COLUMNS)
    async for page in obligation_pages(batch_id, merchant):
        yield "".join(_line(_fields(obligation)) for obligation in page)


def _fields(obligation: Obligation) -> list[str]:
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
