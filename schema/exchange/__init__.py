"""GraphQL for platform wallets, exchange rates, quotes and exchanges."""
