"""Checkout mutations, one per module."""

from __future__ import annotations

import strawberry

from schema.checkout.mutations import payments, settings


@strawberry.type
class CheckoutMutations:
    update_checkout_settings = settings.resolve
    authorize_points_payment = payments.authorize
    capture_points_payment = payments.capture
    void_points_payment = payments.void
