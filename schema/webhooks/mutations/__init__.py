"""Webhooks mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.webhooks.mutations import (
    create_webhook_endpoint,
    delete_webhook_endpoint,
    replay_webhook_delivery,
    rotate_webhook_secret,
    update_webhook_endpoint,
)


@strawberry.type
class WebhookMutations:
    create_webhook_endpoint = create_webhook_endpoint.resolve
    update_webhook_endpoint = update_webhook_endpoint.resolve
    rotate_webhook_secret = rotate_webhook_secret.resolve
    delete_webhook_endpoint = delete_webhook_endpoint.resolve
    replay_webhook_delivery = replay_webhook_delivery.resolve
