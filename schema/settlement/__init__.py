"""GraphQL for settlement batches and merchants' statements."""
