"""What each kind of media accepts: containers (by sniffed label) and codecs (by ffprobe name)."""

from __future__ import annotations

from media.kinds import MediaKind

# Sniffed labels accepted per kind. AVI is refused everywhere: it can embed references to other
# files (the classic ffmpeg playlist-in-AVI attack), and MP4/MKV cover every honest use.
ACCEPTED_LABELS: dict[MediaKind, frozenset[str]] = {
    MediaKind.AUDIO: frozenset(
        {"mp3", "flac", "wav", "ogg", "aiff", "mp4", "mov", "matroska", "webm"}
    ),
    MediaKind.VIDEO: frozenset({"mp4", "mov", "matroska", "webm"}),
    MediaKind.IMAGE: frozenset({"png", "jpeg", "webp", "gif"}),
    MediaKind.BOOK: frozenset({"pdf", "zip"}),  # a ZIP must turn out to be an EPUB
    MediaKind.GAME: frozenset({"zip"}),
    MediaKind.SUBTITLE: frozenset({"webvtt", "text"}),  # text must parse as SRT
}

# The one demuxer ffprobe may use for each sniffed label (forced with -f, so ffprobe's own
# format guessing can never pick a playlist, concat or image-sequence demuxer).
DEMUXER_BY_LABEL: dict[str, str] = {
    "mp3": "mp3",
    "flac": "flac",
    "wav": "wav",
    "ogg": "ogg",
    "aiff": "aiff",
    "mp4": "mov",
    "mov": "mov",
    "matroska": "matroska",
    "webm": "matroska",
}

# Demuxers that read other files or URLs, or several files: never acceptable, even if ffprobe
# somehow reported one (defence in depth behind the forced demuxer).
REFERENCING_DEMUXERS = frozenset(
    {
        "hls",
        "applehttp",
        "dash",
        "concat",
        "image2",
        "image2pipe",
        "imagefile",
        "lavfi",
        "tee",
        "ffmetadata",
        "sdp",
        "rtsp",
        "rtp",
        "mpjpeg",
        "smil",
        "webm_dash_manifest",
        "avi",
    }
)

AUDIO_CODECS = frozenset({"mp3", "aac", "flac", "alac", "vorbis", "opus"})
AUDIO_CODEC_PREFIXES = ("pcm_",)
# Video files may also carry the surround codecs cameras and editing suites write.
VIDEO_FILE_AUDIO_CODECS = AUDIO_CODECS | {"ac3", "eac3"}
VIDEO_CODECS = frozenset(
    {"h264", "hevc", "vp8", "vp9", "av1", "prores", "mpeg4", "mpeg2video", "dnxhd"}
)
# Cover art embedded in audio files (ffprobe shows it as a video stream with attached_pic).
COVER_ART_CODECS = frozenset({"mjpeg", "png"})
# Companded 8-bit PCM is not worth a FLAC download.
LOSSY_PCM = frozenset({"pcm_alaw", "pcm_mulaw", "pcm_vidc"})


def is_audio_codec_allowed(codec: str, *, in_video: bool) -> bool:
    allowed = VIDEO_FILE_AUDIO_CODECS if in_video else AUDIO_CODECS
    return codec in allowed or codec.startswith(AUDIO_CODEC_PREFIXES)


def is_lossless_audio(codec: str) -> bool:
    return codec in ("flac", "alac") or (codec.startswith("pcm_") and codec not in LOSSY_PCM)


def mime_and_format(label: str, kind: MediaKind) -> tuple[str, str]:
    """The (format_name, mime_type) Lakou records for an accepted file."""
    audio = kind is MediaKind.AUDIO
    table: dict[str, tuple[str, str]] = {
        "mp3": ("mp3", "audio/mpeg"),
        "flac": ("flac", "audio/flac"),
        "wav": ("wav", "audio/wav"),
        "ogg": ("ogg", "audio/ogg"),
        "aiff": ("aiff", "audio/aiff"),
        "mp4": ("m4a", "audio/mp4") if audio else ("mp4", "video/mp4"),
        "mov": ("m4a", "audio/mp4") if audio else ("mov", "video/quicktime"),
        "matroska": ("matroska", "audio/x-matroska" if audio else "video/x-matroska"),
        "webm": ("webm", "audio/webm" if audio else "video/webm"),
        "png": ("png", "image/png"),
        "jpeg": ("jpeg", "image/jpeg"),
        "webp": ("webp", "image/webp"),
        "gif": ("gif", "image/gif"),
        "pdf": ("pdf", "application/pdf"),
        "epub": ("epub", "application/epub+zip"),
        "zip": ("zip", "application/zip"),
        "webvtt": ("webvtt", "text/vtt"),
        "srt": ("srt", "application/x-subrip"),
    }
    return table[label]
