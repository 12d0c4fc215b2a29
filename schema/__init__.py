"""The GraphQL layer: translates and authorizes, then calls one domain service function."""
