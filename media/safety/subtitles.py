"""WebVTT and SRT subtitles: UTF-8 text whose every cue has valid timings.

Subtitles are small, so they are read whole (bounded by `max_subtitle_bytes`) and parsed; the
first problem is reported with its line number so the creator can fix the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from infra.i18n import formatting
from media.safety.errors import Rejected, Rejection
from media.safety.limits import SafetyLimits

_VTT_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}(?:[ \t].*)?$")
_SRT_TIME = r"(\d{1,3}):([0-5]?\d):([0-5]?\d)[,.](\d{1,3})"
_SRT_TIMING = re.compile(rf"^{_SRT_TIME}[ \t]*-->[ \t]*{_SRT_TIME}(?:[ \t].*)?$")
_VTT_SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")


@dataclass(frozen=True)
class SubtitleSummary:
    format_name: str  # "webvtt" or "srt"
    cues: int
    duration_s: float | None  # end of the last cue


def check_subtitles(path: Path, size: int, limits: SafetyLimits) -> SubtitleSummary:
    if size > limits.max_subtitle_bytes:
        raise Rejected(
            Rejection.SUBTITLES_TOO_BIG, max=formatting.number(limits.max_subtitle_bytes)
        )
    text = _decode(path.read_bytes())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if _VTT_SIGNATURE.match(lines[0]):
        return _parse_webvtt(lines)
    return _parse_srt(lines)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Rejected(Rejection.SUBTITLES_UTF16)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Rejected(Rejection.SUBTITLES_NOT_UTF8, line=line) from None
    if "\x00" in text:
        raise Rejected(Rejection.SUBTITLES_NUL)
    return text


def _blocks(lines: list[str], start: int) -> Iterator[tuple[int, list[str]]]:
    """Groups of non-blank lines with the 1-based number of their first line."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _seconds(groups: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, millis = groups
    fraction = (millis or "0").ljust(3, "0")
    return (
        int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0) + int(fraction) / 1000
    )


def _invalid(problem: Rejection, line: int, **params: str) -> Rejected:
    return Rejected(problem, line=line, **params)


def _timing(pattern: re.Pattern[str], line: str) -> tuple[float, float] | None:
    match = pattern.match(line.strip())
    if match is None:
        return None
    groups = match.groups()
    return _seconds(groups[:4]), _seconds(groups[4:8])


def _parse_webvtt(lines: list[str]) -> SubtitleSummary:
    cues, last_end = 0, 0.0
    blocks = _blocks(lines, 0)
    _, header = next(blocks)  # "WEBVTT" and optional metadata lines
    if any("-->" in line for line in header):
        raise _invalid(Rejection.VTT_HEADER_NOT_SEPARATED, 2)
    for first, block in blocks:
        head = block[0].strip()
        if re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", head):
            continue
        if "-->" in head:
            timing_index = 0
        elif len(block) > 1 and "-->" in block[1]:
            timing_index = 1  # a cue identifier comes first
        else:
            raise _invalid(Rejection.VTT_TIMING_EXPECTED, first)
        timing = _timing(_VTT_TIMING, block[timing_index])
        if timing is None:
            raise _invalid(Rejection.VTT_TIMING_INVALID, first + timing_index)
        start, end = timing
        if end < start:
            raise _invalid(Rejection.CUE_ENDS_BEFORE_START, first + timing_index, format="WebVTT")
        cues += 1
        last_end = max(last_end, end)
    if cues == 0:
        raise Rejected(Rejection.VTT_NO_CUES)
    return SubtitleSummary("webvtt", cues, last_end or None)


def _parse_srt(lines: list[str]) -> SubtitleSummary:
    cues, last_end = 0, 0.0
    for first, block in _blocks(lines, 0):
        timing_index = 1 if block[0].strip().isdigit() else 0
        if timing_index >= len(block):
            raise _invalid(Rejection.SRT_NUMBER_ALONE, first)
        timing = _timing(_SRT_TIMING, block[timing_index])
        if timing is None:
            raise _invalid(Rejection.SRT_TIMING_EXPECTED, first + timing_index)
        start, end = timing
        if end < start:
            raise _invalid(Rejection.CUE_ENDS_BEFORE_START, first + timing_index, format="SRT")
        cues += 1
        last_end = max(last_end, end)
    if cues == 0:
        raise Rejected(Rejection.NO_CUES)
    return SubtitleSummary("srt", cues, last_end or None)
