"""Settings, database, Redis, value types and other pieces every domain shares."""
