"""Members: a merchant's customers, keyed by the merchant's own external id."""
