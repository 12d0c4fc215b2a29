"""The GraphQL layer of insights: merchant analytics, recall lists, recommendations, and the
operator's platform view."""
