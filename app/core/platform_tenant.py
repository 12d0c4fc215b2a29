"""The platform's own books are kept as a tenant of their own.

PLAT wallets, exchange rates, quotes, obligations and settlement batches live under this
reserved tenant id (created by migration 0022), so row-level security and the ledger's
one-tenant, one-currency journals apply to them unchanged; an exchange is then one journal in
each ledger it touches, in one database transaction. Merchants never act in this scope.
"""

from __future__ import annotations

from uuid import UUID

PLATFORM_TENANT_ID = UUID("00000000-0000-7000-8000-000000000001")
PLATFORM_SLUG = "platform"
