"""Redemption orders: members spend points on rewards.

`redeem_reward` checks every rule under the reward's row lock (which serialises its stock),
takes the stock, moves the points through the ledger and assigns coupon codes in one
transaction, idempotent by key. Points-only orders confirm at once; `cancel_order` returns the
points by the tenant's restore rule and the stock (coupon codes, once revealed, stay used).
Every status change is kept in the order's history.
"""
