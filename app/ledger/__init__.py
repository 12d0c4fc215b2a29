"""The points ledger: the only code that moves points.

Double-entry and append-only, in integer points. Each tenant has one point currency valued in
fiat as an exact ratio (`fiat_minor_units` minor units per `points_per_unit` points, e.g. 100
fen per 100 points). Accounts are keyed by (tenant, currency, kind, owner, slot) and carry
materialised balances (`posted`, `pending_dr`, `pending_cr`); a member wallet may never have
`posted - pending_dr` below zero. System accounts are owned by their tenant.
"""
