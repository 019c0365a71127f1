"""Files attached to a submission: what is accepted, known by its content. Pure.

The type comes from the file's first bytes, never from the name or the header a client sends
(a PDF starts with `%PDF-`, a PNG with its 8-byte signature, a JPEG with `FF D8 FF`), as for an
organisation's documents; a portfolio or a technical sheet is one of these.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.organisations.documents import safe_filename
from calls.errors import CallError
from infra.errors import InvalidInput

MAX_FILE_BYTES = 10 * 1024 * 1024
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    filename: str


def check_file(filename: str, content: bytes) -> CheckedFile:
    if content and len(content) <= MAX_FILE_BYTES:
        for signature, content_type, extension in _SIGNATURES:
            if content.startswith(signature):
                return CheckedFile(content_type, safe_filename(filename, extension))
    raise InvalidInput(CallError.INVALID_FILE, max=MAX_FILE_BYTES // (1024 * 1024))
