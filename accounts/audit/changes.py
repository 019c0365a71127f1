"""What an audit entry keeps of an object's values: the fields that changed, as JSON, no secret.

Pure standard library. Callers hand over whatever describes the object before and after the
action (a dict of fields); the log keeps only the fields whose values differ, converted to JSON
values (UUIDs, moments, decimals and enums as text), and never a secret: a field named like a
password, a token or a key keeps the fact that it changed, not its value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

REDACTED = "[redacted]"
# Field names whose values are never written to the log, wherever they sit in a value.
SECRET_NAMES = frozenset(
    {
        "password",
        "password_hash",
        "token",
        "token_hash",
        "secret",
        "secret_key",
        "api_key",
        "client_secret",
        "totp_secret",
        "otp_secret",
        "recovery_codes",
        "session",
        "cookie",
        "authorization",
        "private_key",
        "dkim_key",
        "iban",
    }
)
# Besides the names above: anything that says it is a hash, a token, a secret or a password.
_SECRET_PATTERN = re.compile(r"(password|passwd|secret|token|_hash$|^hash_|_key$)")
# Nested values deeper than this are cut (a log line, not a dump).
MAX_DEPTH = 6

JSONValue = None | bool | int | float | str | list[Any] | dict[str, Any]


def is_secret(name: str) -> bool:
    folded = name.strip().lower().replace("-", "_")
    return folded in SECRET_NAMES or _SECRET_PATTERN.search(folded) is not None


def json_safe(value: Any, depth: int = 0) -> JSONValue:
    """`value` as JSON: text for ids, moments, decimals and enums; secrets under any key
    redacted."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, Enum):
        return json_safe(value.value, depth)
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if depth >= MAX_DEPTH:
        return "…"
    if isinstance(value, Mapping):
        return {
            str(key): REDACTED if is_secret(str(key)) else json_safe(item, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        items = [json_safe(item, depth + 1) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return str(value)


def changed_fields(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> tuple[dict[str, JSONValue], dict[str, JSONValue]]:
    """The fields whose values differ, each side holding the fields it has.

    A creation (no `before`) keeps every field of `after`; a deletion every field of `before`.
    A secret that changed shows as `[redacted]` on both sides; one that did not is left out.
    """
    old = {str(k): json_safe(v) for k, v in (before or {}).items()}
    new = {str(k): json_safe(v) for k, v in (after or {}).items()}
    kept_old: dict[str, JSONValue] = {}
    kept_new: dict[str, JSONValue] = {}
    for name in sorted(old.keys() | new.keys()):
        if name in old and name in new and old[name] == new[name]:
            continue
        secret = is_secret(name)
        if name in old:
            kept_old[name] = REDACTED if secret else old[name]
        if name in new:
            kept_new[name] = REDACTED if secret else new[name]
    return kept_old, kept_new
