"""Programme templates: a merchant's programme (tiers, earning rules, campaigns, policies,
catalog) as a versioned JSON document, and that document applied to another merchant."""
