"""The reward catalog of a merchant's points mall (积分商城): what members can spend points on.

Rewards have a type (PHYSICAL, COUPON, SERVICE, DONATION), a price in points and optionally
cash, stock, an availability window separate from visibility (status), per-member limits, a
minimum tier, categories and tags. COUPON rewards draw codes from a pool, each used once.
Whether a member can redeem a reward now, and why not, is `eligibility.py` (pure).
"""
