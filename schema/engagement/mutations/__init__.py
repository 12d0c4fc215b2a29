"""Engagement mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.engagement.mutations import (
    create_lottery,
    draw_lottery,
)
from schema.engagement.mutations import update_lottery as changes


@strawberry.type
class EngagementMutations:
    create_lottery = create_lottery.resolve
    draw_lottery = draw_lottery.resolve
    update_lottery = changes.update
    end_lottery = changes.end
