"""Insights for merchants and operators, exact to the point and answered in constant time.

Design: PostgreSQL keeps hourly rollups beside the rows they summarise, in the same
transaction (migration 0035): the ledger's transfer trigger adds each posted wallet movement to
its category (`points_flow`), order and purchase triggers add redemptions and campaign results.
Reads sum a range's rollup rows, never the transfers. `analytics_expected` recomputes every
rollup from its source rows; `ledger verify` compares the two, so a rollup that drifted from the
ledger is a failed invariant, not a wrong chart. Liability is read from the ledger's system
accounts, in the same statement as the flows it is rolled back through.
"""
