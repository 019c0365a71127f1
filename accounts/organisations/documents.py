"""Verification documents: what is accepted, known by its content. Pure.

The type comes from the file's first bytes, never from the name or the header a client sends:
a PDF starts with `%PDF-`, a PNG with its 8-byte signature, a JPEG with `FF D8 FF`. The
document is identified by its SHA-256, so sending the same file twice keeps one copy.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from accounts.organisations.errors import OrganisationError
from infra.errors import InvalidInput

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 20
MAX_FILENAME_LENGTH = 200
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


@dataclass(frozen=True)
class CheckedDocument:
    sha256: str
    content_type: str
    filename: str
    size: int


def check_document(filename: str, content: bytes) -> CheckedDocument:
    if not content or len(content) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(OrganisationError.DOCUMENT_SIZE, max=MAX_DOCUMENT_BYTES // (1024 * 1024))
    for signature, content_type, extension in _SIGNATURES:
        if content.startswith(signature):
            return CheckedDocument(
                sha256=hashlib.sha256(content).hexdigest(),
                content_type=content_type,
                filename=safe_filename(filename, extension),
                size=len(content),
            )
    raise InvalidInput(OrganisationError.DOCUMENT_TYPE)


def safe_filename(raw: str, extension: str) -> str:
    """A name fit for a download header: no path, no control or quote characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(
        c for c in name if unicodedata.category(c)[0] not in ("C", "Z") or c == " "
    ).strip()
    kept = kept.replace('"', "").replace(";", "")[:MAX_FILENAME_LENGTH]
    if not kept or kept.startswith("."):
        kept = "document"
    return kept if kept.lower().endswith(extension) else kept[: MAX_FILENAME_LENGTH - 4] + extension
