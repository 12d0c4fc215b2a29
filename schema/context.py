"""The per-request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry

from app.core.settings import Settings
from tenants.principals import Principal
from tenants.tokens import TokenIssuer


@dataclass
class Context:
    principal: Principal
    settings: Settings
    tokens: TokenIssuer
    request_id: str


Info = strawberry.Info[Context, None]
