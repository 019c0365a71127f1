"""Waveform peaks for the player, from a low-rate 16-bit PCM stream (no numpy).

ffmpeg decodes the audio once for all outputs; one of them is 16-bit WAV at a low sample rate
on stdout, read here in chunks. The source's channels are kept (a mono downmix would lower
stereo peaks by 3 dB, an upmix would lower mono ones): each peak is the largest absolute sample
of any channel. Samples are grouped into small blocks whose size comes from the expected
duration, so memory stays bounded however long the track; block maxima are then merged into
`count` peaks in 0..1.
"""

from __future__ import annotations

import json
import math
import struct
import sys
from array import array
from pathlib import Path
from typing import IO, Any

PEAK_COUNT = 800
BLOCKS_PER_PEAK = 4
MIN_BLOCK_S = 0.001
FULL_SCALE = 32768.0
CHUNK_BYTES = 1 << 18
MAX_HEADER_CHUNK = 1 << 20


class BadPcm(ValueError):
    """The PCM stream is not the 16-bit WAV ffmpeg was asked for."""


class PeakReader:
    def __init__(self, *, duration_s: float, count: int = PEAK_COUNT) -> None:
        if count <= 0:
            raise ValueError("count must be positive")
        self.duration_s = max(0.0, duration_s)
        self.count = count
        self.sample_rate = 0
        self.channels = 0
        self.samples = 0  # interleaved samples read so far
        self._block = 0  # in interleaved samples, a whole number of frames
        self._maxima = array("H")  # |sample| fits 0..32768
        self._current = 0
        self._filled = 0
        self._odd = b""

    def start(self, *, sample_rate: int, channels: int) -> None:
        """Declare the PCM layout (done by `consume` from the WAV header)."""
        if sample_rate <= 0 or channels <= 0:
            raise BadPcm(f"bad PCM layout: {sample_rate} Hz, {channels} channels")
        self.sample_rate, self.channels = sample_rate, channels
        expected = self.duration_s * sample_rate
        smallest = max(1, math.floor(sample_rate * MIN_BLOCK_S))
        frames = max(smallest, math.floor(expected / (self.count * BLOCKS_PER_PEAK)))
        self._block = frames * channels

    def feed(self, data: bytes) -> None:
        """Interleaved little-endian 16-bit samples (any split, even mid-sample)."""
        if not self._block:
            raise RuntimeError("start() must be called before feed()")
        data = self._odd + data
        usable = len(data) - len(data) % 2
        self._odd = data[usable:]
        samples = array("h")
        samples.frombytes(data[:usable])
        if sys.byteorder == "big":
            samples.byteswap()
        position = 0
        while position < len(samples):
            take = min(self._block - self._filled, len(samples) - position)
            window = samples[position : position + take]
            self._current = max(self._current, max(window), -min(window))
            self._filled += take
            position += take
            if self._filled == self._block:
                self._close_block()
        self.samples += len(samples)

    @property
    def frames(self) -> int:
        """Samples per channel read so far."""
        return self.samples // self.channels if self.channels else 0

    def consume(self, stream: IO[bytes]) -> None:
        """Read a whole WAV stream (usable as the runner's stdout sink)."""
        sample_rate, channels = read_wav_header(stream)
        self.start(sample_rate=sample_rate, channels=channels)
        for chunk in iter(lambda: stream.read(CHUNK_BYTES), b""):
            self.feed(chunk)

    def _close_block(self) -> None:
        self._maxima.append(min(self._current, 32768))
        self._current = 0
        self._filled = 0

    def peaks(self) -> list[float]:
        """`count` peaks (fewer when the audio is shorter than `count` blocks), each 0..1."""
        maxima = list(self._maxima)
        if self._filled:
            maxima.append(min(self._current, 32768))
        n = len(maxima)
        if n > self.count:
            maxima = [
                max(maxima[i * n // self.count : (i + 1) * n // self.count])
                for i in range(self.count)
            ]
        return [round(value / FULL_SCALE, 4) for value in maxima]

    def document(self) -> dict[str, Any]:
        peaks = self.peaks()
        rate = self.sample_rate or 1
        return {
            "version": 1,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
            "duration_s": round(self.frames / rate, 3),
            "samples_per_peak": round(self.frames / len(peaks)) if peaks else 0,
            "peaks": peaks,
        }


def read_wav_header(stream: IO[bytes]) -> tuple[int, int]:
    """(sample rate, channels) of a 16-bit PCM WAV stream, leaving it at the first sample.

    ffmpeg cannot seek back on a pipe, so the sizes in the header are placeholders: only the
    layout is read, and the data runs to the end of the stream.
    """
    riff = _read_exactly(stream, 12)
    if riff[:4] != b"RIFF" or riff[8:12] != b"WAVE":
        raise BadPcm("not a WAV stream")
    layout: tuple[int, int] | None = None
    while True:
        chunk_id, size = struct.unpack("<4sI", _read_exactly(stream, 8))
        if chunk_id == b"data":
            if layout is None:
                raise BadPcm("WAV data before its format")
            return layout
        if size > MAX_HEADER_CHUNK:
            raise BadPcm(f"WAV header chunk {chunk_id!r} too large")
        body = _read_exactly(stream, size + size % 2)
        if chunk_id == b"fmt ":
            channels, sample_rate = struct.unpack_from("<HI", body, 2)
            (bits,) = struct.unpack_from("<H", body, 14)
            if bits != 16:
                raise BadPcm(f"expected 16-bit samples, got {bits}")
            layout = (sample_rate, channels)


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = b""
    while len(data) < size:
        more = stream.read(size - len(data))
        if not more:
            raise BadPcm("PCM stream ended inside its header")
        data += more
    return data


def write_waveform(path: Path, reader: PeakReader) -> None:
    path.write_text(json.dumps(reader.document(), separators=(",", ":")), encoding="utf-8")
