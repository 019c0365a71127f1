"""Books (PDF, EPUB) and game builds (ZIP): validated and kept as downloads, never rendered."""

from __future__ import annotations

import re
from pathlib import Path

from media.kinds import MediaKind
from media.safety.archives import check_zip
from media.safety.errors import Rejected, Rejection
from media.safety.facts import MediaFacts
from media.safety.limits import SafetyLimits
from media.safety.policy import mime_and_format

# Readers look for the end-of-file marker within the last kilobyte.
PDF_TAIL_BYTES = 1024
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")


def inspect_pdf(path: Path, size: int) -> MediaFacts:
    with path.open("rb") as stream:
        header = stream.read(16)
        stream.seek(max(size - PDF_TAIL_BYTES, 0))
        tail = stream.read(PDF_TAIL_BYTES)
    if not _PDF_HEADER.match(header):
        raise Rejected(Rejection.PDF_HEADER)
    if b"%%EOF" not in tail:
        raise Rejected(Rejection.PDF_INCOMPLETE)
    format_name, mime_type = mime_and_format("pdf", MediaKind.BOOK)
    return MediaFacts(MediaKind.BOOK, format_name, mime_type, size)


def inspect_epub(path: Path, size: int, limits: SafetyLimits) -> MediaFacts:
    summary = check_zip(path, size, limits)
    if not summary.epub_mimetype_first:
        raise Rejected(Rejection.NOT_AN_EPUB)
    if "META-INF/container.xml" not in summary.names:
        raise Rejected(Rejection.EPUB_NO_CONTAINER)
    format_name, mime_type = mime_and_format("epub", MediaKind.BOOK)
    return MediaFacts(MediaKind.BOOK, format_name, mime_type, size)


def inspect_game_zip(path: Path, size: int, limits: SafetyLimits) -> MediaFacts:
    check_zip(path, size, limits)
    format_name, mime_type = mime_and_format("zip", MediaKind.GAME)
    return MediaFacts(MediaKind.GAME, format_name, mime_type, size)
