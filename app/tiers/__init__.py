"""Member tiers: ranked levels a member qualifies for by points earned or money spent over a
window (rolling N months or the calendar year). Upgrades happen as soon as a member qualifies;
downgrades only at a periodic review, after a grace period; staff can override a member's tier
until a date. Tiers carry benefits: an earn multiplier, a birthday multiplier, perks.
"""
