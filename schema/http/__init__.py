"""HTTP plumbing around the schema: the /graphql endpoint, GraphQL over HTTP, access logs and
metrics, CSV exports."""
