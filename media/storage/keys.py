"""Object keys: generated server-side, validated everywhere.

Keys never carry user-supplied names (those live in the database), so a key can be portable
across filesystems and S3 and can never be used for path traversal.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from media.storage.port import InvalidKey

_PREFIX_RE = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+)*")
_KEY_CHARS_RE = re.compile(r"[A-Za-z0-9._/-]+")
# S3's own limit; also keeps local paths well below common PATH_MAX values.
MAX_KEY_LENGTH = 1024


def new_key(prefix: str, *, now: datetime | None = None) -> str:
    """A fresh key such as "originals/2026/11/<uuid4 hex>".

    The year/month segments keep local folders and S3 listings browsable; the uuid makes keys
    unguessable and collision-free, so objects are never overwritten by accident.
    """
    if not _PREFIX_RE.fullmatch(prefix):
        raise InvalidKey(f"invalid key prefix {prefix!r}: use [a-z0-9-] segments separated by '/'")
    moment = now or datetime.now(UTC)
    return validate_key(f"{prefix}/{moment:%Y}/{moment:%m}/{uuid.uuid4().hex}")


def validate_key(key: str) -> str:
    """Return key unchanged if it is a safe relative key, else raise InvalidKey."""
    if not key:
        raise InvalidKey("empty key")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidKey(f"key longer than {MAX_KEY_LENGTH} characters")
    if "\\" in key:
        raise InvalidKey(f"backslash in key {key!r}")
    if key.startswith("/"):
        raise InvalidKey(f"absolute key {key!r}")
    if not _KEY_CHARS_RE.fullmatch(key):
        raise InvalidKey(f"key {key!r} has characters outside [A-Za-z0-9._/-]")
    for segment in key.split("/"):
        if segment == "":
            raise InvalidKey(f"empty segment in key {key!r}")
        # "." and ".." mean something to filesystems but not to S3; refuse both everywhere.
        if segment in (".", ".."):
            raise InvalidKey(f"relative segment {segment!r} in key {key!r}")
    return key


def validate_prefix(prefix: str) -> str:
    """ "" (everything) or a folder of keys: safe segments ending in "/"."""
    if prefix:
        if not prefix.endswith("/"):
            raise InvalidKey(f"a listing prefix ends with '/': {prefix!r}")
        validate_key(prefix.removesuffix("/"))
    return prefix
