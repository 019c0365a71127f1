"""Reading column values the same way on both databases.

SQLite hands back UUIDs, timestamps and JSON as text; asyncpg hands back Python objects. Every
repository reads rows through these three functions.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID


def as_uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def as_utc(value: Any) -> datetime:
    moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
