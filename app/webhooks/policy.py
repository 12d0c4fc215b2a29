"""The webhook target policy a process runs with, from its settings."""

from __future__ import annotations

from app.core.settings import Settings
from app.webhooks.targets import TargetPolicy


def webhook_policy(settings: Settings) -> TargetPolicy:
    """https only in production; the operator's allowed networks anywhere."""
    return TargetPolicy(settings.is_production, settings.webhook_allowed_networks)
