"""Logging as one JSON object per line, for log pipelines to parse without guessing.

Callers pass facts as `extra={"fields": {...}}`; nothing here reads requests, so no header,
token or variable can reach a log line unless a caller puts it there (and callers don't).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


# Loggers that print data at DEBUG (Tortoise logs every query with its parameters: emails,
# password hashes): never below INFO, whatever LOG_LEVEL says.
DATA_LOGGERS = ("tortoise", "tortoise.db_client", "asyncpg")


def configure_logging(level: str) -> None:
    """JSON lines on stderr for everything, uvicorn's own loggers included."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    for name in DATA_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.INFO, numeric))
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
