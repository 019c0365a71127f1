"""Subtitles: SRT or WebVTT files uploaded per language, published as `subtitles/<lang>.vtt`.

The input format comes from the declared suffix and is forced on ffmpeg (never guessed from
the content); SRT files that are not UTF-8 (common for French subtitles) are read as
Windows-1252, or Latin-1 when even that does not fit.
"""

from __future__ import annotations

import re
from pathlib import Path

from media.transcoding import commands
from media.transcoding.outputs import TranscodeFailed

FORMATS = {".srt": "srt", ".vtt": "webvtt"}
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # fr, gcf-MQ, en, es


def subtitle_path(language: str) -> str:
    if not LANGUAGE.fullmatch(language):
        raise TranscodeFailed(f"bad subtitle language tag {language!r}")
    return f"subtitles/{language}.vtt"


def detect_charset(data: bytes) -> str | None:
    """None when the text is UTF-8 (ffmpeg's default), else the 8-bit charset to declare."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "ISO-8859-1"
    return "CP1252"


def subtitle_command(src: Path, work: Path, language: str) -> list[str]:
    """The command converting one language's file into `<work>/subtitles/<lang>.vtt`."""
    input_format = FORMATS.get(src.suffix.lower())
    if input_format is None:
        raise TranscodeFailed(f"subtitles must be .srt or .vtt, got {src.name!r}")
    try:
        charset = detect_charset(src.read_bytes())
    except OSError as exc:
        raise TranscodeFailed.from_os_error(exc, f"reading subtitles {src.name!r}") from exc
    return commands.subtitle_command(
        src, work / subtitle_path(language), input_format=input_format, charset=charset
    )
