"""Awards points in keyed batches until killed; test_crash runs it in a subprocess.

Usage: python -m tests.integration.award_batches DATABASE_URL TENANT MEMBER BATCHES SIZE
"""

from __future__ import annotations

import asyncio
import sys
from uuid import UUID

from tortoise import Tortoise

from app.core.db import tortoise_config
from app.core.settings import load_settings
from app.ledger.commands import Award
from app.ledger.requests import JournalRequest
from app.ledger.service import post_journals


def batch(member: UUID, number: int, size: int) -> list[JournalRequest]:
    return [
        JournalRequest(Award(member, 1, "crash test"), "test:crash", f"crash-{number}-{i}")
        for i in range(size)
    ]


async def main(url: str, tenant: UUID, member: UUID, batches: int, size: int) -> None:
    await Tortoise.init(config=tortoise_config(load_settings({"DATABASE_URL": url})))
    for number in range(batches):
        await post_journals(tenant, batch(member, number, size))
        sys.stdout.write(f"{number}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    url, tenant, member, batches, size = sys.argv[1:]
    asyncio.run(main(url, UUID(tenant), UUID(member), int(batches), int(size)))
