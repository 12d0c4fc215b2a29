"""Earning: how members earn points, configured per merchant without code.

Rules (purchase, and later sign-up, birthday, check-in, tasks, referral) and campaigns
(time-boxed multipliers and bonuses) decide how many points an event earns; `rules.py` computes
that as an itemised breakdown with no I/O, and `service.py` records the event and moves the
points through the ledger, storing the breakdown with the journal so history can explain it.
Purchase points wait in a ledger hold for the merchant's return window.
"""
