"""Why the safety gate refused a file: a stable code, an HTTP status and an actionable message.

`Rejected` is an `AppError`, so the HTTP layer answers with the usual JSON error shape and the
request id without any extra wiring. Status by family: 415 for formats and codecs, 413 for sizes,
durations and dimensions, 422 for everything else.
"""

from __future__ import annotations

from infra.errors import AppError

# 415: the format or codec is not on the allowlist.
UNSUPPORTED_FORMAT = "unsupported_format"
UNSUPPORTED_CODEC = "unsupported_codec"
# 413: something is bigger, longer or wider than the configured limits.
TOO_LONG = "too_long"
DIMENSIONS_TOO_LARGE = "dimensions_too_large"
IMAGE_TOO_LARGE = "image_too_large"
FILE_TOO_LARGE = "file_too_large"
ARCHIVE_TOO_MANY_ENTRIES = "archive_too_many_entries"
ARCHIVE_BOMB = "archive_bomb"
# 422: the content is well identified but unusable as sent.
EMPTY_FILE = "empty_file"
KIND_MISMATCH = "kind_mismatch"
CORRUPT_MEDIA = "corrupt_media"
PROBE_TIMEOUT = "probe_timeout"
FRAME_RATE_TOO_HIGH = "frame_rate_too_high"
TOO_MANY_STREAMS = "too_many_streams"
ARCHIVE_UNSAFE_PATH = "archive_unsafe_path"
ARCHIVE_ENCRYPTED = "archive_encrypted"
INVALID_SUBTITLES = "invalid_subtitles"
SUBTITLE_ENCODING = "subtitle_encoding"

HTTP_STATUS_BY_CODE: dict[str, int] = {
    UNSUPPORTED_FORMAT: 415,
    UNSUPPORTED_CODEC: 415,
    TOO_LONG: 413,
    DIMENSIONS_TOO_LARGE: 413,
    IMAGE_TOO_LARGE: 413,
    FILE_TOO_LARGE: 413,
    ARCHIVE_TOO_MANY_ENTRIES: 413,
    ARCHIVE_BOMB: 413,
    EMPTY_FILE: 422,
    KIND_MISMATCH: 422,
    CORRUPT_MEDIA: 422,
    PROBE_TIMEOUT: 422,
    FRAME_RATE_TOO_HIGH: 422,
    TOO_MANY_STREAMS: 422,
    ARCHIVE_UNSAFE_PATH: 422,
    ARCHIVE_ENCRYPTED: 422,
    INVALID_SUBTITLES: 422,
    SUBTITLE_ENCODING: 422,
}


class Rejected(AppError):
    """The file is refused; nothing downstream (transcoding, publishing) may touch it."""

    code: str
    message: str
    http_status: int

    def __init__(self, code: str, message: str) -> None:
        if code not in HTTP_STATUS_BY_CODE:
            raise ValueError(f"unknown safety rejection code {code!r}")
        super().__init__(message, code=code)
        self.http_status = HTTP_STATUS_BY_CODE[code]
        self.status_code = self.http_status

    def __repr__(self) -> str:
        return f"Rejected({self.code!r}, {self.message!r})"


class SafetyGateUnavailable(RuntimeError):
    """The gate itself cannot run (ffprobe missing or unusable): a server fault, never a 4xx."""
