"""Work a higher layer does in the transaction that issues points: the tiers' qualification
(`app.tiers.service.qualify_earners`), so a member is upgraded the moment their points post,
whatever path posted them (an award, a purchase, a check-in, a release), and never by a read.

The ledger cannot import the layers above it, so they register here at start-up (the API's and
the worker's composition roots); the hooks run after each batch's journals, before its commit,
with the members who earned and how much.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

# (tenant, points earned per member, the reason of the journal that earned them last)
EarnedHook = Callable[[UUID, dict[UUID, int], dict[UUID, str]], Awaitable[None]]

_hooks: list[EarnedHook] = []


def on_points_earned(hook: EarnedHook) -> None:
    """Run `hook(tenant_id, earned, reasons)` in every transaction that issues points (once per
    hook)."""
    if hook not in _hooks:
        _hooks.append(hook)


async def points_earned(tenant_id: UUID, earned: dict[UUID, int], reasons: dict[UUID, str]) -> None:
    if earned:
        for hook in _hooks:
            await hook(tenant_id, earned, reasons)
