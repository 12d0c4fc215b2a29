"""A benchmark's child process that may be killed part-way (the crash-and-resume runs)."""

from __future__ import annotations

import asyncio
import signal
import sys
import time


async def run_child(module: str, *args: str, crash_after: float = 0) -> tuple[float, bool]:
    """Run `python -m <module> --child <args>`; with `crash_after`, SIGKILL it after that many
    seconds. Returns (seconds, killed)."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", module, "--child", *args)
    try:
        await asyncio.wait_for(process.wait(), crash_after or None)
    except TimeoutError:
        process.send_signal(signal.SIGKILL)
        await process.wait()
        return time.perf_counter() - started, True
    assert process.returncode == 0, process.returncode
    return time.perf_counter() - started, False
