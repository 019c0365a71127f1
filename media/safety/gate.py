"""The safety gate: the one entry point every upload passes before anything is transcoded.

    facts = inspect_file(path, MediaKind.VIDEO)    # or raises Rejected (a 4xx AppError)

Identification is by content only: the file's name and the declared content type are never
consulted. `path` must be a local copy Lakou created (its name carries no user input).
"""

from __future__ import annotations

import stat
from pathlib import Path

from infra.i18n.context import N_, gettext
from media.kinds import MediaKind, kind_label
from media.safety.av import inspect_audio_video
from media.safety.containers import check_riff_size
from media.safety.documents import inspect_epub, inspect_game_zip, inspect_pdf
from media.safety.errors import Rejected, Rejection
from media.safety.facts import MediaFacts
from media.safety.images import check_image_size, read_image_size
from media.safety.limits import SafetyLimits
from media.safety.policy import ACCEPTED_LABELS, mime_and_format
from media.safety.sniff import HEAD_BYTES, Sniffed, sniff_file
from media.safety.subtitles import check_subtitles

# Re-exported so callers can import the whole gate from one module.
__all__ = ["MediaFacts", "Rejected", "SafetyLimits", "inspect_file"]

ACCEPTED_FORMATS: dict[MediaKind, str] = {
    MediaKind.AUDIO: N_(
        "MP3, FLAC, WAV, AIFF, Ogg (Vorbis ou Opus), M4A (AAC ou ALAC), WebM ou MKV"
    ),
    MediaKind.VIDEO: N_("MP4, MOV, MKV ou WebM"),
    MediaKind.IMAGE: N_("PNG, JPEG, WebP ou GIF"),
    MediaKind.BOOK: N_("PDF ou EPUB"),
    MediaKind.GAME: N_("une archive ZIP"),
    MediaKind.SUBTITLE: N_("WebVTT ou SRT, en UTF-8"),
}
_TEXT_REFUSED_FOR = frozenset({MediaKind.AUDIO, MediaKind.VIDEO, MediaKind.IMAGE})


def inspect_file(path: Path, kind: MediaKind, limits: SafetyLimits = SafetyLimits()) -> MediaFacts:  # noqa: B008
    """Identify `path` by content, check it against `kind`'s allowlist and the limits."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"the safety gate only inspects regular files, not {path}")
    size = info.st_size
    if size == 0:
        raise Rejected(Rejection.FILE_EMPTY)
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
    sniffed = sniff_file(path)
    _check_label(sniffed, kind)
    if kind in (MediaKind.AUDIO, MediaKind.VIDEO):
        return inspect_audio_video(path, kind, sniffed, head, size, limits)
    if kind is MediaKind.IMAGE:
        return _inspect_image(path, sniffed, head, size, limits)
    if kind is MediaKind.BOOK:
        if sniffed.label == "pdf":
            return inspect_pdf(path, size)
        return inspect_epub(path, size, limits)
    if kind is MediaKind.GAME:
        return inspect_game_zip(path, size, limits)
    return _inspect_subtitles(path, size, limits)


def _check_label(sniffed: Sniffed, kind: MediaKind) -> None:
    if sniffed.label in ACCEPTED_LABELS[kind] and not (
        sniffed.is_text and kind in _TEXT_REFUSED_FOR
    ):
        return
    other_kinds = [
        kind_label(other)
        for other in MediaKind
        if other is not kind and sniffed.label in ACCEPTED_LABELS[other]
    ]
    if other_kinds and not sniffed.is_text:
        raise Rejected(
            Rejection.WRONG_KIND,
            description=sniffed.description,
            kind=kind_label(kind),
            other=" / ".join(other_kinds),
        )
    raise Rejected(
        Rejection.FORMAT_REFUSED,
        description=sniffed.description,
        kind=kind_label(kind),
        formats=gettext(ACCEPTED_FORMATS[kind]),
    )


def _inspect_image(
    path: Path, sniffed: Sniffed, head: bytes, size: int, limits: SafetyLimits
) -> MediaFacts:
    dimensions = read_image_size(path, sniffed.label)
    check_image_size(dimensions, limits)
    if sniffed.label == "webp":
        check_riff_size(head, size)
    format_name, mime_type = mime_and_format(sniffed.label, MediaKind.IMAGE)
    return MediaFacts(
        MediaKind.IMAGE,
        format_name,
        mime_type,
        size,
        width=dimensions.width,
        height=dimensions.height,
    )


def _inspect_subtitles(path: Path, size: int, limits: SafetyLimits) -> MediaFacts:
    summary = check_subtitles(path, size, limits)
    format_name, mime_type = mime_and_format(summary.format_name, MediaKind.SUBTITLE)
    return MediaFacts(
        MediaKind.SUBTITLE, format_name, mime_type, size, duration_s=summary.duration_s
    )
