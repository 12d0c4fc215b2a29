"""Run by tests/deploy/test_install.py with another environment's Python: start the app on
DATABASE_URL and REDIS_URL (lifespan included), answer /healthz and one query, print both."""

from __future__ import annotations

import json

from starlette.testclient import TestClient

from app.core.settings import load_settings
from app.main import create_app

with TestClient(create_app(load_settings())) as http:
    health = http.get("/healthz").status_code
    answer = http.post("/graphql", json={"query": "{ viewer { kind } }"}).json()
    print(json.dumps({"health": health, "answer": answer}))  # noqa: T201 - read by the test
