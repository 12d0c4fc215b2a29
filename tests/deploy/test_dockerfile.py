"""The Dockerfile, read as Docker reads it (instructions, with continuation lines joined): a
base pinned by digest, the locked dependencies in a layer before any source, no embedded
servers, OCI labels and a HEALTHCHECK. (No Docker engine runs here to build it; the lock it
installs is installed and run by tests/deploy/test_install.py.)"""

from __future__ import annotations

import asyncio
import re
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app", "schema", "tenants", "migrations", "web", "pyproject.toml")


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    joined = re.sub(r"\\\n\s*", " ", text)
    lines = [line.strip() for line in joined.splitlines()]
    found = []
    for line in lines:
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def test_the_base_image_is_pinned_by_digest() -> None:
    instructions = _instructions()
    args = dict(rest.split("=", 1) for kind, rest in instructions if kind == "ARG" and "=" in rest)
    bases = [rest.split()[0] for kind, rest in instructions if kind == "FROM"]

    assert len(bases) == 2
    for base in bases:
        image = args.get(base.strip("${}"), base)
        assert re.fullmatch(r"python:3\.11-slim@sha256:[0-9a-f]{64}", image), image


def test_locked_dependencies_are_a_layer_of_their_own_before_the_sources() -> None:
    instructions = _instructions()
    copies = [(i, rest) for i, (kind, rest) in enumerate(instructions) if kind == "COPY"]
    lock_copy = next(i for i, rest in copies if rest.startswith("requirements/runtime.lock"))
    lock_install = next(
        i
        for i, (kind, rest) in enumerate(instructions)
        if kind == "RUN" and "--require-hashes" in rest and "runtime.lock" in rest
    )
    first_source = min(
        i for i, rest in copies if any(rest.split()[0].startswith(s) for s in SOURCES)
    )

    assert lock_copy < lock_install < first_source
    assert "embedded" not in " ".join(rest for _, rest in instructions if _ == "RUN")


def test_the_image_is_labelled_and_checks_its_health() -> None:
    instructions = _instructions()
    labels = " ".join(rest for kind, rest in instructions if kind == "LABEL")
    for key in ("title", "description", "version", "revision", "source", "base.name"):
        assert f"org.opencontainers.image.{key}=" in labels
    [health] = [rest for kind, rest in instructions if kind == "HEALTHCHECK"]
    assert '"pointsmall", "healthcheck"' in health
    assert [rest for kind, rest in instructions if kind == "USER"] == ["10001:10001"]


async def _healthcheck(port: int) -> int:
    checking = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "pointsmall"),
        "healthcheck",
        "--port",
        str(port),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await checking.wait()


async def test_the_healthcheck_command_passes_on_a_live_api_and_fails_without_one(
    live_server: str,
) -> None:
    port = int(live_server.rsplit(":", 1)[1])
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        free = closed.getsockname()[1]

    assert await _healthcheck(port) == 0
    assert await _healthcheck(free) == 1
