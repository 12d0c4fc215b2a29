"""Tenancy: tenants, staff, API keys, operators, authentication and the per-request scope.

A tenant is one merchant. Its tables carry `tenant_id` and PostgreSQL row-level security hides
every other tenant's rows from the application role; the tenant comes from the authenticated
principal, never from an argument.
"""
