"""Work a higher layer does in the transaction that issues points: the tiers' qualification
(`app.tiers.service.qualify_earners`), so a member is upgraded the moment their points post,
whatever path posted them (an award, a purchase, a check-in, a release), and never by a read.

The ledger cannot import the layers above it, so they register here at start-up (the API's and
the worker's composition roots); the hooks run after each batch's journals, before its commit,
with the members who earned and how much.
"""

from __future__ import annotations

from uuid import UUID

from app.core.hooks import Hooks

# (tenant, points earned per member, the reason of the journal that earned them last)
_earned: Hooks[[UUID, dict[UUID, int], dict[UUID, str]]] = Hooks()

# Run `hook(tenant_id, earned, reasons)` in every transaction that issues points.
on_points_earned = _earned.register


async def points_earned(tenant_id: UUID, earned: dict[UUID, int], reasons: dict[UUID, str]) -> None:
    if earned:
        await _earned.run(tenant_id, earned, reasons)
