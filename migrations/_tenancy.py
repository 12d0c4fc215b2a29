"""SQL shared by the migrations that add tenant-owned tables (not itself a migration: the
loader skips modules whose names start with an underscore)."""

CURRENT_TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid"


def tenant_policies(tables: list[str]) -> list[str]:
    """Row-level security on each table: rows are visible and writable only in their tenant's
    transaction scope."""
    statements = []
    for table in tables:
        statements += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY tenant_isolation ON {table} USING (tenant_id = {CURRENT_TENANT})"
            f" WITH CHECK (tenant_id = {CURRENT_TENANT})",
        ]
    return statements
