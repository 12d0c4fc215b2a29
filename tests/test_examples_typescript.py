"""The TypeScript codegen config in examples/ works: GraphQL Code Generator (npm, locked by
examples/package-lock.json) turns the example operations into typed documents, and `tsc
--strict` accepts the example client written against them. A schema change that breaks an
example's types fails here. Without Node the test is skipped, except under CI=1."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


async def _run(*command: str) -> None:
    process = await asyncio.create_subprocess_exec(
        *command, cwd=EXAMPLES, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(process.communicate(), 300)
    assert process.returncode == 0, out.decode()[-3000:]


async def test_codegen_types_the_examples_and_the_client_compiles() -> None:
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("No Node.js: CI must check the TypeScript codegen.")
        pytest.skip("No Node.js on this machine; the TypeScript codegen check is skipped.")
    if not (EXAMPLES / "node_modules" / ".bin" / "graphql-codegen").exists():
        await _run(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
    shutil.rmtree(EXAMPLES / "generated", ignore_errors=True)

    await _run(npm, "run", "--silent", "check")

    generated = (EXAMPLES / "generated" / "member-app" / "graphql.ts").read_text()
    assert "export type RedeemMutation" in generated
    assert "code: RedemptionErrorCode" in generated
