"""Object storage port: the only storage vocabulary the rest of Lakou depends on.

Pure Python on purpose (no boto3 here) so domain and service code can be type-checked and
tested without any storage SDK installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

# Shared by every adapter so callers can size HTTP responses and buffers predictably.
READ_CHUNK_SIZE = 1024 * 1024


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    content_type: str


class ObjectNotFound(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(f"no object stored under key {key!r}")
        self.key = key


class StorageUnavailable(Exception):
    """The backend cannot be reached or used; callers should answer 503, not 404 or 500."""


class InvalidKey(ValueError):
    """A key or key prefix that could escape its namespace or is not portable across backends."""


def check_range(start: int, end: int | None) -> None:
    """Reject ranges that no backend can honour; clamping to the object size is left to adapters."""
    if start < 0:
        raise ValueError(f"range start must be >= 0, got {start}")
    if end is not None and end < start:
        raise ValueError(f"range end ({end}) must be >= start ({start})")


@runtime_checkable
class ObjectStorage(Protocol):
    def put(self, key: str, chunks: Iterable[bytes], content_type: str) -> StoredObject:
        """Store the streamed chunks under key, replacing any previous object.

        Never holds the whole payload in memory. Either the complete object lands under the key
        or nothing does: an exception raised by `chunks` propagates and leaves no partial object.
        """
        ...

    def stat(self, key: str) -> StoredObject:
        """Raises ObjectNotFound."""
        ...

    def read_range(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Yield bytes start..end (end inclusive, like HTTP Range) in chunks of <= READ_CHUNK_SIZE.

        Raises ObjectNotFound when called (not lazily on first iteration), so an HTTP handler
        can answer 404 before it starts a response. An end past the object is clamped to the
        last byte; a start at or past the end yields nothing (the caller decides about 416).
        """
        ...

    def exists(self, key: str) -> bool: ...

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every key under `prefix` ("" for all, else a folder ending in "/"), in key order.

        For sweeps and backups: what a killed job left behind is found by listing."""
        ...

    def delete(self, key: str) -> None:
        """Idempotent: deleting a missing key is not an error."""
        ...

    def presigned_get_url(self, key: str, expires_s: int) -> str | None:
        """A time-limited direct download URL, or None when the app must serve the bytes itself."""
        ...

    def ping(self) -> None:
        """Raises StorageUnavailable with a human-readable reason."""
        ...


@dataclass(frozen=True)
class UploadedPart:
    number: int
    size: int
    etag: str


@runtime_checkable
class DirectMultipart(Protocol):
    """Storage a browser can upload parts to directly (S3 multipart with presigned part URLs)."""

    def start_multipart(self, key: str, content_type: str) -> str: ...

    def presigned_part_url(self, key: str, upload_id: str, number: int, expires_s: int) -> str: ...

    def uploaded_parts(self, key: str, upload_id: str) -> list[UploadedPart]: ...

    def complete_multipart(
        self, key: str, upload_id: str, parts: list[UploadedPart], content_type: str
    ) -> StoredObject: ...

    def abort_multipart(self, key: str, upload_id: str) -> None: ...
