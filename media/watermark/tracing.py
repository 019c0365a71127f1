"""`lakou trace FILE`: which issued holder a leaked copy comes from, or "no match".

A PDF, an EPUB or a passage of text copied out of one is read for its stamped codeword. A film or a recording is decoded small by ffmpeg (grey
frames of the reference's size at 25 fps, or mono sound at 16 kHz), then tried against every
work whose marked renditions are ready, of its kind: piecewise alignment to the unmarked
reference, a soft bit per segment, and the maximum-likelihood holder among that work's issued
codewords with the bound on a false accusation (`codewords.decide`). A copy that aligns to no
work, or carries no codeword strongly enough, is "no match".
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from uuid import UUID

import numpy as np

from media.storage.port import ObjectStorage
from media.transcoding.outputs import TranscodeFailed
from media.transcoding.runner import FFMPEG, PROTOCOL_WHITELIST, run_ffmpeg, run_ffprobe
from media.watermark.codewords import Verdict, decide
from media.watermark.commands import REFERENCE_AUDIO_RATE, REFERENCE_HEIGHT, REFERENCE_WIDTH
from media.watermark.documents import NotAPdf, read_codewords
from media.watermark.epubs import NotAnEpub, codewords_in_text, read_epub_codewords
from media.watermark.playlists import segment_starts
from media.watermark.preparation import load_reference
from media.watermark.reading import COPY_FPS, audio_soft_bits, video_soft_bits
from media.watermark.repository import MarkedRepository

DECODE_TIMEOUT_S = 1800


class Untraceable(Exception):
    """The file cannot be read as a PDF, a film or a recording: the message says why."""


@dataclass(frozen=True)
class TraceResult:
    verdict: Verdict
    asset_id: UUID | None
    kind: str  # video, audio, book, text (a passage copied out of a book), or "" when none

    def describe(self) -> str:
        v = self.verdict
        if v.holder_ref is None or self.asset_id is None:
            return f"no match ({self.kind or 'unknown'}: {v.segments} segment(s) read)"
        return (
            f"match: holder {v.holder_ref} (media {self.asset_id}); "
            f"probability of a false accusation <= {v.false_accusation:.1e} "
            f"({v.segments} segment(s) read, z={v.z:.1f})"
        )


def _read_all(target: bytearray) -> Callable[[IO[bytes]], None]:
    def sink(stream: IO[bytes]) -> None:
        for block in iter(lambda: stream.read(1 << 20), b""):
            target.extend(block)

    return sink


def _decode(path: Path, output: list[str]) -> bytes:
    data = bytearray()
    argv = [
        FFMPEG,
        "-threads",
        "2",
        "-skip_loop_filter",
        "all",
        *PROTOCOL_WHITELIST,
        "-i",
        os.fspath(path),
        *output,
        "pipe:1",
    ]
    try:
        run_ffmpeg(
            argv,
            timeout_s=DECODE_TIMEOUT_S,
            duration_s=None,
            on_progress=None,
            stdout_sink=_read_all(data),
        )
    except TranscodeFailed as failure:
        if not data:
            raise Untraceable(f"cannot decode the file: {failure.reason}") from failure
    return bytes(data)


def decode_frames(path: Path) -> np.ndarray:
    """Small grey frames at `COPY_FPS`."""
    scale = f"fps={COPY_FPS},scale={REFERENCE_WIDTH}:{REFERENCE_HEIGHT}:flags=area,format=gray"
    data = _decode(path, ["-map", "0:v:0", "-vf", scale, "-f", "rawvideo"])
    size = REFERENCE_WIDTH * REFERENCE_HEIGHT
    return np.frombuffer(data[: len(data) // size * size], np.uint8).reshape(
        -1, REFERENCE_HEIGHT, REFERENCE_WIDTH
    )


def decode_sound(path: Path) -> np.ndarray:
    data = _decode(
        path, ["-map", "0:a:0", "-ac", "1", "-ar", str(REFERENCE_AUDIO_RATE), "-f", "s16le"]
    )
    return np.frombuffer(data[: len(data) // 2 * 2], "<i2")


def media_kind(path: Path) -> str:
    """ "video", "audio", or Untraceable."""
    try:
        probe = run_ffprobe(path, "stream=codec_type,disposition", timeout_s=60)
    except TranscodeFailed as failure:
        raise Untraceable(f"not a film, a recording or a PDF: {failure.reason}") from failure
    streams = [s for s in probe.get("streams", []) if s.get("codec_type") in ("video", "audio")]
    if any(
        s["codec_type"] == "video" and not s.get("disposition", {}).get("attached_pic")
        for s in streams
    ):
        return "video"
    if streams:
        return "audio"
    raise Untraceable("the file holds neither pictures nor sound")


class TraceService:
    def __init__(self, repository: MarkedRepository, storage: ObjectStorage) -> None:
        self._repo = repository
        self._storage = storage

    async def trace(self, path: Path) -> TraceResult:
        with path.open("rb") as file:
            head = file.read(1024)
        if b"%PDF-" in head:
            return await self._trace_pdf(path)
        if head.startswith(b"PK") and b"mimetypeapplication/epub+zip" in head:
            return await self._trace_codewords(path, read_epub_codewords, NotAnEpub, "EPUB", "book")
        if _text(head):
            # A passage copied out of a stamped book (an e-mail, a text file).
            return await self._trace_codewords(
                path, _codewords_in_file, UnicodeError, "text", "text"
            )
        kind = await asyncio.to_thread(media_kind, path)
        if kind == "video":
            copy = await asyncio.to_thread(decode_frames, path)
        else:
            copy = await asyncio.to_thread(decode_sound, path)
        best = TraceResult(Verdict(None, 1.0, 0.0, 0), None, kind)
        for item in await self._repo.ready(kind):
            if item.prefix is None:
                continue
            reference = await asyncio.to_thread(load_reference, self._storage, item.prefix)
            starts = segment_starts(item.layout)
            read = video_soft_bits if kind == "video" else audio_soft_bits
            soft_bits = await asyncio.to_thread(read, copy, reference, starts)
            if not soft_bits:
                continue  # not this work
            verdict = decide(soft_bits, await self._repo.copies(item.asset_id))
            if (
                best.verdict.holder_ref is None
                and (verdict.holder_ref is not None or verdict.segments > best.verdict.segments)
            ) or (
                verdict.holder_ref is not None
                and verdict.false_accusation < best.verdict.false_accusation
            ):
                best = TraceResult(verdict, item.asset_id, kind)
        return best

    async def _trace_pdf(self, path: Path) -> TraceResult:
        return await self._trace_codewords(path, read_codewords, NotAPdf, "PDF", "book")

    async def _trace_codewords(
        self,
        path: Path,
        read: Callable[[bytes], set[str]],
        unreadable: type[Exception],
        what: str,
        kind: str,
    ) -> TraceResult:
        try:
            found = read(await asyncio.to_thread(path.read_bytes))
        except unreadable as error:
            raise Untraceable(f"an unreadable {what}: {error}") from error
        for codeword in sorted(found):
            holder = await self._repo.holder_of(codeword)
            if holder is not None:
                # A 64-bit random codeword printed whole: a stranger's chance to match is 2^-64
                # per issued copy.
                return TraceResult(Verdict(holder[1], 2.0**-64, 0.0, 1), holder[0], kind)
        return TraceResult(Verdict(None, 1.0, 0.0, 0), None, kind)


def _text(head: bytes) -> bool:
    """Whether the file starts as UTF-8 text (no NUL, decodes, allowing a cut character)."""
    if b"\0" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3
    return True


def _codewords_in_file(data: bytes) -> set[str]:
    return codewords_in_text(data.decode("utf-8"))
