from __future__ import annotations

import posixpath
import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from media.storage.keys import MAX_KEY_LENGTH, new_key, validate_key
from media.storage.port import InvalidKey


def test_new_key_is_prefix_year_month_and_uuid_hex() -> None:
    key = new_key("originals", now=datetime(2026, 3, 9, 23, 59, tzinfo=UTC))
    assert re.fullmatch(r"originals/2026/03/[0-9a-f]{32}", key)


def test_new_key_defaults_to_the_current_utc_month() -> None:
    before = datetime.now(UTC)
    key = new_key("renditions/hls")
    after = datetime.now(UTC)
    assert key.rsplit("/", 1)[0] in {
        f"renditions/hls/{before:%Y/%m}",
        f"renditions/hls/{after:%Y/%m}",
    }


def test_new_keys_are_unique_and_valid() -> None:
    keys = {new_key("covers") for _ in range(2000)}
    assert len(keys) == 2000
    assert all(validate_key(key) == key for key in keys)


@pytest.mark.parametrize("prefix", ["originals", "renditions/hls", "a-1/b-2/c3"])
def test_new_key_accepts_simple_prefixes(prefix: str) -> None:
    assert new_key(prefix).startswith(prefix + "/")


@pytest.mark.parametrize(
    "prefix",
    [
        "",
        "/originals",
        "originals/",
        "a//b",
        "../x",
        "a/../b",
        "Originals",  # keeps prefixes predictable across case-insensitive filesystems
        "my song.mp3",  # user file names never become keys
        "a_b",
        "café",
    ],
)
def test_new_key_rejects_unsafe_prefixes(prefix: str) -> None:
    with pytest.raises(InvalidKey):
        new_key(prefix)


@pytest.mark.parametrize(
    "key",
    ["a", "originals/2026/11/0f3c", "A.b_c-d/e.f", "x/...", "renditions/abc/seg-00001.m4s"],
)
def test_validate_key_returns_safe_keys_unchanged(key: str) -> None:
    assert validate_key(key) == key


@pytest.mark.parametrize(
    "key",
    [
        "",
        "..",
        ".",
        "../etc/passwd",
        "a/../../etc/passwd",
        "a/..",
        "a/./b",
        "/abs/path",
        "a\\b",
        "..\\windows",
        "a//b",
        "a/",
        "a b",
        "a\x00b",
        "a\nb",
        "café",
        "a?b",
        "a#b",  # '#' is reserved for local sidecars and temp files
        "x" * (MAX_KEY_LENGTH + 1),
    ],
)
def test_validate_key_rejects_unsafe_keys(key: str) -> None:
    with pytest.raises(InvalidKey):
        validate_key(key)


def test_invalid_key_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="empty"):
        validate_key("")


@given(st.text(alphabet=st.sampled_from(list("ab./\\-_\x00é")), max_size=20))
def test_accepted_keys_never_leave_their_root(key: str) -> None:
    try:
        validate_key(key)
    except InvalidKey:
        return
    joined = posixpath.join("/root", key)
    # Normalising changes nothing: no traversal, no aliasing between two spellings of a key.
    assert posixpath.normpath(joined) == joined
    assert joined.startswith("/root/")
