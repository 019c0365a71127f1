"""What the transcoding functions hand back: the files they published and how they fail.

Pure Python: no ffmpeg, no storage. The orchestration that uploads renditions only needs these
types and the relative paths inside the output folder.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

ProgressCallback = Callable[[float], None]
"""Called with a percentage in 0..100; successive values only ever grow and the last is 100."""

ROLES = frozenset(
    {
        "hls_master",
        "hls_playlist",
        "hls_segment",
        "progressive",
        "download_mp3",
        "download_flac",
        "preview",
        "waveform",
        "poster",
        "image",
        "subtitle",
    }
)

HLS_PLAYLIST_TYPE = "application/vnd.apple.mpegurl"

# OS errors a later retry can fix: the disk fills up or memory runs short, then frees again.
TRANSIENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.ENOMEM, errno.EAGAIN, errno.EMFILE, errno.ENFILE}
)


@dataclass(frozen=True)
class RenditionFile:
    role: str
    relative_path: str  # POSIX path inside the output folder, e.g. "hls/720p/index.m3u8"
    content_type: str
    label: str | None = None  # "720p", "audio", "fr", "640w"


@dataclass(frozen=True)
class PreviewWindow:
    start_s: float = 0.0
    length_s: float = 30.0

    def clamped(self, duration_s: float) -> PreviewWindow:
        """The same window fitted inside the media: as long as possible, shifted back if needed.

        A window longer than the media becomes the whole media; a window starting too late is
        moved earlier so that it still lasts `length_s` when the media allows it.
        """
        duration = max(0.0, duration_s)
        length = min(max(0.0, self.length_s), duration)
        start = min(max(0.0, self.start_s), duration - length)
        return PreviewWindow(start_s=round(start, 3), length_s=round(length, 3))


class TranscodeFailed(Exception):
    """A transcoding job failed; `transient` says whether retrying the same input can help.

    Corrupt or unsupported input and timeouts are not transient (the same input fails the
    same way); a full disk or a process killed from outside (out of memory) are.
    """

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient

    @classmethod
    def from_os_error(cls, exc: OSError, doing: str) -> TranscodeFailed:
        transient = exc.errno in TRANSIENT_ERRNOS
        return cls(f"{doing}: {exc.strerror or exc}", transient=transient)


def describe(relative_path: str) -> RenditionFile | None:
    """Role, content type and label of a file our functions write; None for anything else."""
    path = PurePosixPath(relative_path)
    parts = path.parts
    name = path.name
    suffix = path.suffix.lower()
    if parts[0] == "hls":
        if parts == ("hls", "master.m3u8"):
            return RenditionFile("hls_master", relative_path, HLS_PLAYLIST_TYPE)
        if len(parts) != 3:
            return None
        label = parts[1]
        if name == "index.m3u8":
            return RenditionFile("hls_playlist", relative_path, HLS_PLAYLIST_TYPE, label)
        if suffix in {".m4s", ".mp4"}:
            kind = "audio" if label == "audio" else "video"
            return RenditionFile("hls_segment", relative_path, f"{kind}/mp4", label)
        if suffix == ".ts":
            return RenditionFile("hls_segment", relative_path, "video/mp2t", label)
        return None
    if parts[0] == "images" and len(parts) == 2:
        width = path.stem.rpartition("_")[2]
        types = {".webp": "image/webp", ".jpg": "image/jpeg"}
        if suffix in types and width.isdigit():
            return RenditionFile("image", relative_path, types[suffix], f"{width}w")
        return None
    if parts[0] == "subtitles" and len(parts) == 2 and suffix == ".vtt":
        return RenditionFile("subtitle", relative_path, "text/vtt", path.stem)
    singles = {
        "audio.m4a": ("progressive", "audio/mp4"),
        "download.mp3": ("download_mp3", "audio/mpeg"),
        "download.flac": ("download_flac", "audio/flac"),
        "preview.m4a": ("preview", "audio/mp4"),
        "preview.mp4": ("preview", "video/mp4"),
        "waveform.json": ("waveform", "application/json"),
        "poster.jpg": ("poster", "image/jpeg"),
    }
    if len(parts) == 1 and name in singles:
        role, content_type = singles[name]
        return RenditionFile(role, relative_path, content_type)
    return None
