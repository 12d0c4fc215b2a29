"""Hooks: work a higher layer does inside a lower layer's transaction (tiers when points post,
achievements when a member acts or a tier moves), without the lower layer importing it. The
higher layers register at start-up (the API's and the worker's composition roots)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Hooks(Generic[P]):
    """The hooks of one moment, run in the order registered."""

    def __init__(self) -> None:
        self._hooks: list[Callable[P, Awaitable[None]]] = []

    def register(self, hook: Callable[P, Awaitable[None]]) -> None:
        """Add `hook` (once, however many times it is registered)."""
        if hook not in self._hooks:
            self._hooks.append(hook)

    async def run(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for hook in self._hooks:
            await hook(*args, **kwargs)
