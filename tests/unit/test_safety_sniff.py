"""Sniffing names files from their first bytes, never from their names."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from media.safety.sniff import _DESCRIPTIONS, HEAD_BYTES, sniff_bytes, sniff_file


@pytest.mark.parametrize(
    ("head", "label"),
    [
        (b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00", "mp3"),
        (b"\xff\xfb\x90\x64" + bytes(100), "mp3"),  # MPEG-1 Layer III frame
        (b"\xff\xf3\x48\xc4" + bytes(100), "mp3"),  # MPEG-2 Layer III frame
        (b"\xff\xf1\x50\x80" + bytes(100), "unknown"),  # ADTS AAC: layer bits 00
        (b"fLaC\x00\x00\x00\x22", "flac"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "wav"),
        (b"RF64\xff\xff\xff\xffWAVEds64", "wav"),
        (b"RIFF\x24\x00\x00\x00AVI LIST", "avi"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        (b"FORM\x00\x00\x00\x24AIFFCOMM", "aiff"),
        (b"OggS\x00\x02", "ogg"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "mp4"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x02\x00", "mp4"),
        (b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00", "mov"),
        (b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00", "heif"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00", "heif"),
        (b"\x00\x00\x00\x08wide\x00\x00\x00\x08mdat", "mov"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "webm"),
        (b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska", "matroska"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00\x01\x00", "gif"),
        (b"%PDF-1.7\n", "pdf"),
        (b"PK\x03\x04\x14\x00", "zip"),
        (b"PK\x05\x06" + bytes(18), "zip"),
        (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9", "asf"),
        (b"FLV\x01\x05", "flv"),
        (b"II*\x00\x08\x00", "tiff"),
        (b"Rar!\x1a\x07\x00", "rar"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"\x7fELF\x02\x01", "executable"),
        (b"MZ\x90\x00", "executable"),
        (b"\x47" + bytes(187) + b"\x47" + bytes(10), "mpegts"),
    ],
)
def test_binary_signatures(head: bytes, label: str) -> None:
    assert sniff_bytes(head).label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("<!DOCTYPE html><html><body>hi</body></html>", "html"),
        ("\ufeff  <html lang='fr'>", "html"),
        ("<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>", "html"),
        ("<?xml version='1.0'?>\n<svg xmlns='http://www.w3.org/2000/svg'/>", "svg"),
        ("<svg onload='alert(1)'/>", "svg"),
        ("<?xml version='1.0'?><MPD xmlns='urn:mpeg:dash:schema:mpd:2011'>", "dash"),
        ("<?xml version='1.0'?><playlist xmlns='http://xspf.org/ns/0/'/>", "xml"),
        ("<smil><body/></smil>", "html"),
        ("#EXTM3U\n#EXTINF:10,\nfile:///etc/passwd\n", "hls"),
        ("  #extm3u\nhttp://example.test/a.ts\n", "hls"),
        ("ffconcat version 1.0\nfile /etc/passwd\n", "ffconcat"),
        ("#!/bin/sh\nrm -rf /\n", "script"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nBonjou\n", "webvtt"),
        ("WEBVTT - Kréyòl\n", "webvtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nBonjou\n", "text"),
        ("Just some notes about the song.\n", "text"),
        ("Some text then <script>alert(1)</script>", "html"),
    ],
)
def test_text_is_classified(text: str, label: str) -> None:
    sniffed = sniff_bytes(text.encode())
    assert sniffed.label == label
    assert sniffed.is_text


def test_binary_garbage_is_unknown_and_not_text() -> None:
    sniffed = sniff_bytes(bytes(range(256)) * 4)
    assert sniffed.label == "unknown"
    assert not sniffed.is_text


def test_utf16_text_is_text() -> None:
    assert sniff_bytes("WEBVTT\n".encode("utf-16")).label == "text"


def test_brand_is_kept_for_iso_media() -> None:
    assert sniff_bytes(b"\x00\x00\x00\x20ftypM4A \x00\x00\x02\x00").brand == "M4A "


def test_sniff_file_skips_an_id3_tag_to_find_flac(tmp_path: Path) -> None:
    body = bytes(5000)
    size = bytes([(len(body) >> shift) & 0x7F for shift in (21, 14, 7, 0)])
    tagged_flac = tmp_path / "song.mp3"
    tagged_flac.write_bytes(b"ID3\x03\x00\x00" + size + body + b"fLaC" + bytes(40))
    assert sniff_file(tagged_flac).label == "flac"
    tagged_mp3 = tmp_path / "song.flac"
    tagged_mp3.write_bytes(b"ID3\x03\x00\x00" + size + body + b"\xff\xfb\x90\x64" + bytes(40))
    assert sniff_file(tagged_mp3).label == "mp3"


def test_id3_with_invalid_size_bytes_is_not_mp3() -> None:
    assert sniff_bytes(b"ID3\x03\x00\x00\x80\x00\x00\x00").label != "mp3"


def test_every_label_has_a_description() -> None:
    head = struct.pack(">I4s", 8, b"free")
    assert sniff_bytes(head).description
    assert all(description for description in _DESCRIPTIONS.values())


@given(st.binary(max_size=HEAD_BYTES))
def test_sniffing_never_fails(head: bytes) -> None:
    assert sniff_bytes(head).label in _DESCRIPTIONS
