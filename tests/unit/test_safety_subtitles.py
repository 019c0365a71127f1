"""Subtitles: WebVTT or SRT, UTF-8, every cue timing parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from media.kinds import MediaKind
from media.safety import Rejected, SafetyLimits, inspect_file

VTT = """WEBVTT - Bèlè

NOTE made by hand

STYLE
::cue { color: yellow }

intro
00:00.000 --> 00:01.500 align:start
Bonjou tout moun!

00:01:02.250 --> 00:01:04.000
<i>Krik?</i> Krak!
"""

SRT = """1
00:00:00,000 --> 00:00:01,500
Bonjou tout moun!

2
00:00:01,500 --> 00:01:04,000 X1:10 X2:20 Y1:10 Y2:20
Krik? Krak!
Sé pou nou
"""


def write(tmp_path: Path, data: bytes, name: str = "subs.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rejection(path: Path, limits: SafetyLimits | None = None) -> Rejected:
    with pytest.raises(Rejected) as caught:
        inspect_file(path, MediaKind.SUBTITLE, limits or SafetyLimits())
    return caught.value


def test_webvtt_is_accepted(tmp_path: Path) -> None:
    facts = inspect_file(write(tmp_path, VTT.encode()), MediaKind.SUBTITLE)
    assert (facts.format_name, facts.mime_type) == ("webvtt", "text/vtt")
    assert facts.duration_s == pytest.approx(64.0)


def test_srt_is_accepted_with_bom_and_crlf(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + SRT.replace("\n", "\r\n").encode()
    facts = inspect_file(write(tmp_path, data, "subs.vtt"), MediaKind.SUBTITLE)
    assert (facts.format_name, facts.mime_type) == ("srt", "application/x-subrip")
    assert facts.duration_s == pytest.approx(64.0)
    assert facts.size_bytes == len(data)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("1\n00:00:01,000 -> 00:00:02,000\nHi\n", 2),
        ("1\nHello\n", 2),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n", 5),
        ("1\n00:00:03,000 --> 00:00:02,000\nBackwards\n", 2),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\nstray text\n", 5),
    ],
)
def test_bad_srt_timings_are_refused_with_a_line(tmp_path: Path, text: str, line: int) -> None:
    error = rejection(write(tmp_path, text.encode()))
    assert error.code == "invalid_subtitles"
    assert error.http_status == 422
    assert f"ligne {line}" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "WEBVTT\n00:00.000 --> 00:01.000\nNo blank line after the header\n",
        "WEBVTT\n\n00:00.000 --> 00:01\nTruncated time\n",
        "WEBVTT\n\n00:00:61.000 --> 00:01:00.000\nSixty-one seconds\n",
        "WEBVTT\n\njust text\n",
        "WEBVTT\n\nNOTE nothing else\n",
    ],
)
def test_bad_webvtt_is_refused(tmp_path: Path, text: str) -> None:
    assert rejection(write(tmp_path, text.encode())).code == "invalid_subtitles"


def test_text_without_cues_is_refused(tmp_path: Path) -> None:
    error = rejection(write(tmp_path, b"\n\n   \n"))
    assert error.code == "invalid_subtitles"


def test_latin1_subtitles_ask_for_utf8(tmp_path: Path) -> None:
    error = rejection(write(tmp_path, SRT.encode("latin-1", errors="replace")))
    assert error.code == "subtitle_encoding"
    assert "ligne 8" in error.message  # "Sé pou nou"


def test_utf16_subtitles_ask_for_utf8(tmp_path: Path) -> None:
    assert rejection(write(tmp_path, SRT.encode("utf-16"))).code == "subtitle_encoding"


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nsubs.vtt\n",
        b"\x89PNG\r\n\x1a\n" + bytes(40),
        b"\x00\x01\x02\x03" * 50,
    ],
)
def test_non_subtitles_are_unsupported(tmp_path: Path, data: bytes) -> None:
    error = rejection(write(tmp_path, data, "subs.srt"))
    assert error.code in ("unsupported_format", "kind_mismatch")
    assert error.http_status in (415, 422)


def test_subtitle_size_is_bounded(tmp_path: Path) -> None:
    error = rejection(write(tmp_path, SRT.encode()), SafetyLimits(max_subtitle_bytes=10))
    assert error.code == "file_too_large"
    assert error.http_status == 413


def test_subtitles_are_not_accepted_as_video(tmp_path: Path) -> None:
    with pytest.raises(Rejected) as caught:
        inspect_file(write(tmp_path, VTT.encode(), "film.mp4"), MediaKind.VIDEO)
    assert caught.value.code == "unsupported_format"
