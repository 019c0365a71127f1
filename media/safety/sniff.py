"""Identify a file from its first bytes (magic numbers), never from its name or declared type.

Sniffing only names what the bytes look like; `policy` decides what each kind accepts. Text
that can point at other files or run code (HTML, SVG, XML, HLS/M3U playlists, DASH manifests,
ffconcat lists, scripts) gets its own label so the refusal message can say what it saw.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from infra.i18n.context import N_, gettext

HEAD_BYTES = 8192

# ISO-BMFF brands of still images (HEIF/HEIC/AVIF): an ftyp box, but not a video.
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
# Top-level atoms that open legacy QuickTime files written without an ftyp box.
_QUICKTIME_FIRST_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}

_DESCRIPTIONS = {
    "mp3": N_("un fichier audio MP3"),
    "flac": N_("un fichier audio FLAC"),
    "wav": N_("un fichier audio WAV"),
    "ogg": N_("un fichier audio Ogg"),
    "aiff": N_("un fichier audio AIFF"),
    "mp4": N_("un fichier MP4/M4A"),
    "mov": N_("un fichier QuickTime (MOV)"),
    "matroska": N_("un fichier Matroska (MKV)"),
    "webm": N_("un fichier WebM"),
    "png": N_("une image PNG"),
    "jpeg": N_("une image JPEG"),
    "webp": N_("une image WebP"),
    "gif": N_("une image GIF"),
    "pdf": N_("un document PDF"),
    "zip": N_("une archive ZIP"),
    "webvtt": N_("un fichier de sous-titres WebVTT"),
    "text": N_("un fichier texte"),
    # Never accepted, whatever the kind.
    "avi": N_(
        "un fichier AVI (refusé : un AVI peut renvoyer à d'autres fichiers ; exportez en MP4 "
        "ou en MKV)"
    ),
    "heif": N_("une image HEIF/HEIC/AVIF (exportez-la en JPEG, PNG ou WebP)"),
    "mpegts": N_("un flux de transport MPEG (exportez en MP4 ou en MKV)"),
    "asf": N_("un fichier Windows Media (ASF/WMV/WMA)"),
    "flv": N_("une vidéo Flash (FLV)"),
    "tiff": N_("une image TIFF (exportez-la en JPEG, PNG ou WebP)"),
    "psd": N_("un document Photoshop (exportez-le en JPEG, PNG ou WebP)"),
    "rar": N_("une archive RAR (les jeux doivent être en ZIP)"),
    "7z": N_("une archive 7-Zip (les jeux doivent être en ZIP)"),
    "gzip": N_("une archive gzip (les jeux doivent être en ZIP)"),
    "executable": N_("un programme exécutable"),
    "html": N_("un document HTML"),
    "svg": N_(
        "un dessin SVG (il peut contenir des scripts et des liens ; exportez en PNG, JPEG ou WebP)"
    ),
    "xml": N_("un document XML"),
    "hls": N_("une liste de lecture HLS/M3U, qui renvoie à d'autres fichiers"),
    "dash": N_("un manifeste DASH, qui renvoie à d'autres fichiers"),
    "ffconcat": N_("une liste ffconcat, qui renvoie à d'autres fichiers"),
    "script": N_("un script"),
    "unknown": N_("un fichier de type inconnu"),
}

# Labels that reference other resources or carry active content: refused for every kind.
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta")

DANGEROUS_TEXT = frozenset({"html", "svg", "xml", "hls", "dash", "ffconcat", "script"})
TEXT_LABELS = DANGEROUS_TEXT | {"webvtt", "text"}


@dataclass(frozen=True)
class Sniffed:
    label: str
    brand: str = ""  # the ISO-BMFF major brand for mp4/mov, e.g. "isom", "M4A ", "qt  "

    @property
    def description(self) -> str:
        """What the bytes look like, in the active language (for refusal messages)."""
        return gettext(_DESCRIPTIONS[self.label])

    @property
    def is_text(self) -> bool:
        return self.label in TEXT_LABELS


def sniff_file(path: Path) -> Sniffed:
    """Sniff the file's head; an ID3v2 tag is skipped to tell MP3 from ID3-tagged FLAC."""
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
        tag_size = _id3v2_size(head)
        if tag_size is None:
            return sniff_bytes(head)
        stream.seek(tag_size)
        after = stream.read(4)
    return Sniffed("flac") if after == b"fLaC" else Sniffed("mp3")


def sniff_bytes(head: bytes) -> Sniffed:
    """Sniff from the first bytes only (HEAD_BYTES are enough)."""
    binary = _sniff_binary(head)
    if binary is not None:
        return binary
    if _looks_like_text(head):
        return Sniffed(_classify_text(head))
    return Sniffed("unknown")


def _id3v2_size(head: bytes) -> int | None:
    """Total size of a leading ID3v2 tag (header, body, footer), or None when there is none."""
    if len(head) < 10 or not head.startswith(b"ID3") or head[3] == 0xFF or head[4] == 0xFF:
        return None
    size_bytes = head[6:10]
    if any(byte & 0x80 for byte in size_bytes):
        return None
    size = 0
    for byte in size_bytes:
        size = (size << 7) | byte
    footer = 10 if head[5] & 0x10 else 0
    return 10 + size + footer


def _is_mp3_frame_sync(head: bytes) -> bool:
    """An MPEG audio Layer III frame header: 11 sync bits, a valid version, layer bits 01."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version = (head[1] >> 3) & 0b11
    layer = (head[1] >> 1) & 0b11
    bitrate_index = head[2] >> 4
    sample_rate_index = (head[2] >> 2) & 0b11
    return version != 0b01 and layer == 0b01 and bitrate_index != 0xF and sample_rate_index != 3


def _sniff_binary(head: bytes) -> Sniffed | None:
    if head.startswith(b"ID3") and _id3v2_size(head) is not None:
        return Sniffed("mp3")
    if _is_mp3_frame_sync(head):
        return Sniffed("mp3")
    if head.startswith(b"fLaC"):
        return Sniffed("flac")
    if head[:4] in (b"RIFF", b"RF64", b"BW64"):
        riff_type = head[8:12]
        if riff_type == b"WAVE":
            return Sniffed("wav")
        if riff_type == b"WEBP" and head[:4] == b"RIFF":
            return Sniffed("webp")
        if riff_type[:3] == b"AVI":
            return Sniffed("avi")
        return Sniffed("unknown")
    if head.startswith(b"FORM") and head[8:12] in (b"AIFF", b"AIFC"):
        return Sniffed("aiff")
    if head.startswith(b"OggS"):
        return Sniffed("ogg")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return Sniffed("heif")
        label = "mov" if brand == b"qt  " else "mp4"
        return Sniffed(label, brand=brand.decode("latin-1"))
    if head[4:8] in _QUICKTIME_FIRST_ATOMS:
        return Sniffed("mov")
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        # The EBML header's DocType says "webm" or "matroska" within its first bytes.
        return Sniffed("webm" if b"webm" in head[:64] else "matroska")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("png")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("jpeg")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("gif")
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf")
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return Sniffed("zip")
    return _sniff_refused_binary(head)


def _sniff_refused_binary(head: bytes) -> Sniffed | None:
    signatures = (
        (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11", "asf"),
        (b"FLV\x01", "flv"),
        (b"II*\x00", "tiff"),
        (b"MM\x00*", "tiff"),
        (b"8BPS", "psd"),
        (b"Rar!\x1a\x07", "rar"),
        (b"7z\xbc\xaf\x27\x1c", "7z"),
        (b"\x1f\x8b", "gzip"),
        (b"\x7fELF", "executable"),
        (b"MZ", "executable"),
        (b"\xca\xfe\xba\xbe", "executable"),
        (b"\xcf\xfa\xed\xfe", "executable"),
    )
    for magic, label in signatures:
        if head.startswith(magic):
            return Sniffed(label)
    if len(head) > 188 and head[0] == 0x47 and head[188] == 0x47:
        return Sniffed("mpegts")
    return None


def _looks_like_text(head: bytes) -> bool:
    """Text in any 8-bit or UTF-8 encoding: no NUL and (almost) no C0 control characters."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 text; the subtitle parser will ask for UTF-8
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\x0c\x1b")
    return controls * 100 <= len(head)


def _classify_text(head: bytes) -> str:
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n").lower()
    if text.startswith("#extm3u"):
        return "hls"
    if text.startswith("ffconcat version"):
        return "ffconcat"
    if text.startswith("webvtt") and text[6:7] in ("", " ", "\t", "\n", "\r"):
        return "webvtt"
    if text.startswith("#!"):
        return "script"
    if "<svg" in text:
        return "svg"
    if text.startswith("<") and "<mpd" in text:
        return "dash"
    if any(marker in text for marker in _HTML_MARKERS):
        return "html"
    if text.startswith("<"):
        return "xml"  # any other markup: SMIL, XSPF, ASX playlists and the like
    return "text"
