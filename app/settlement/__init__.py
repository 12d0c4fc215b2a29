"""Who owes whom for points that crossed ledgers, and the periodic batches that settle it."""
