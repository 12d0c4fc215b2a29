"""Checkout points payments in the API (积分抵扣)."""
