"""The user's original file name is cleaned before it is shown anywhere."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infra.filenames import (
    BIDI_CONTROLS,
    FALLBACK_NAME,
    MAX_DISPLAY_NAME,
    clean_display_filename,
    printable,
)

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Chanté Nwèl.mp3", "Chanté Nwèl.mp3"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("/var/www/../x.png", "x.png"),
        ("cover.jpg\x00.exe", "cover.jpg.exe"),
        ("line\nbreak\ttab.wav", "linebreaktab.wav"),
        ("facture\u202egnp.exe", "facturegnp.exe"),
        ("\u2066iso\u2069late.flac", "isolate.flac"),
        ("", FALLBACK_NAME),
        ("..", FALLBACK_NAME),
        ("dir/", FALLBACK_NAME),
        ("\x00\x01\u202e", FALLBACK_NAME),
        ("   ", FALLBACK_NAME),
        ("Cafe\u0301.pdf", "Café.pdf"),  # NFC
    ],
)
def test_examples(raw: str, shown: str) -> None:
    assert clean_display_filename(raw) == shown


def test_every_bidi_control_is_known() -> None:
    assert frozenset(BIDI) == BIDI_CONTROLS


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c"])
def test_direction_marks_are_dropped(mark: str) -> None:
    assert clean_display_filename(f"gpj{mark}.exe") == "gpj.exe"


def test_printable_text() -> None:
    raw = "Chant\u200f\u202e\x00é \u200edou  \u061cKréyòl\n"
    assert printable(raw, 100) == "Chanté dou Kréyòl"
    assert printable(raw, 6) == "Chanté"
    assert printable("\x00\u200e  ", 10) == ""


def test_long_names_keep_their_extension() -> None:
    shown = clean_display_filename("a" * 500 + ".flac")
    assert len(shown) == MAX_DISPLAY_NAME
    assert shown.endswith(".flac")
    assert len(clean_display_filename("b" * 500)) == MAX_DISPLAY_NAME


def test_lone_surrogates_are_dropped() -> None:
    raw = b"chanson\xff.mp3".decode("utf-8", errors="surrogateescape")
    assert clean_display_filename(raw) == "chanson.mp3"


@given(st.text())
def test_properties(raw: str) -> None:
    shown = clean_display_filename(raw)
    assert 0 < len(shown) <= MAX_DISPLAY_NAME
    assert "/" not in shown
    assert "\\" not in shown
    assert shown not in (".", "..")
    assert not any(char in BIDI_CONTROLS for char in shown)
    assert not any(unicodedata.category(char) in ("Cc", "Cs") for char in shown)
    shown.encode("utf-8")  # always storable and serialisable
