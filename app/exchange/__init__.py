"""Points circulation: platform wallets, exchange rates, quotes and their execution."""
