"""Reading a soft bit per segment from a copy aligned to the unmarked reference.

Video: for each aligned frame, the difference between the copy and the reference projected on
the luma pattern (about +2.5 in a segment of variant A, -2.5 in B). Audio: for each aligned
stretch, the difference of log band energies (dB) projected on the bands' signs (about +0.6
for A, -0.6 for B). A segment's soft bit is the median of its pairs, so a badly matched frame
does not swing it. (A bias the re-encoder adds to every segment alike is not removed: it
cannot favour one random codeword over another, see `codewords`.) Segments without an aligned pair are erasures: absent from the result.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from media.watermark.alignment import STEP, Pair, align, signatures
from media.watermark.commands import REFERENCE_AUDIO_RATE, REFERENCE_FPS
from media.watermark.pattern import BAND_EDGES_HZ, band_signs, luma_pattern

COPY_FPS = 25  # STEP copy frames per reference frame
AUDIO_HOP = REFERENCE_AUDIO_RATE // 10  # one reference stretch every 100 ms
AUDIO_FFT = 2048
# A re-encoder at a low bit rate lets a change of variant creep in over a second or so (its
# predicted frames fix the low-frequency difference little by little): a video segment is read
# from its second half, where the mark has settled.
VIDEO_SETTLED = 0.5


def _by_segment(
    values: NDArray[np.float64],
    pairs: Sequence[Pair],
    rate: float,
    starts: Sequence[float],
    settled: float = 0.0,
) -> dict[int, float]:
    """The median value of each segment's pairs, from `settled` (a fraction) of its length on."""
    groups: dict[int, list[float]] = {}
    ends = [*starts[1:], starts[-1] + (starts[-1] - starts[-2] if len(starts) > 1 else 2.0)]
    for value, pair in zip(values, pairs, strict=True):
        at = pair.reference_index / rate
        segment = bisect.bisect_right(starts, at) - 1
        if not 0 <= segment < len(starts):
            continue
        if at - starts[segment] >= settled * (ends[segment] - starts[segment]):
            groups.setdefault(segment, []).append(float(value))
    return {segment: float(np.median(found)) for segment, found in groups.items()}


def video_soft_bits(
    copy: NDArray[np.uint8], reference: NDArray[np.uint8], starts: Sequence[float]
) -> dict[int, float]:
    """`copy` at `COPY_FPS`, `reference` at `REFERENCE_FPS`, both small grey frames."""
    if len(copy) == 0 or len(reference) == 0:
        return {}
    pairs = align(signatures(copy), signatures(reference), COPY_FPS)
    if not pairs:
        return {}
    height, width = reference.shape[1:]
    pattern = luma_pattern(width, height).astype(np.float32).ravel()
    pattern /= float((pattern**2).sum())

    def projected(frames: NDArray[np.uint8], indices: list[int]) -> NDArray[np.float64]:
        # The projection is linear: projecting each side, then subtracting, spares a copy of
        # every difference frame (and the pattern's zero mean ignores brightness).
        return np.array([frames[i].ravel().astype(np.float32) @ pattern for i in indices])

    values = projected(copy, [p.copy_index for p in pairs])
    values -= projected(reference, [p.reference_index for p in pairs])
    return _by_segment(values, pairs, REFERENCE_FPS, starts, VIDEO_SETTLED)


def band_energies(samples: NDArray[np.int16], hop: int) -> NDArray[np.float32]:
    """Log energy (dB) of each marked band, one row every `hop` samples."""
    if len(samples) < AUDIO_FFT:
        return np.zeros((0, len(BAND_EDGES_HZ) - 1), dtype=np.float32)
    count = (len(samples) - AUDIO_FFT) // hop + 1
    window = np.hanning(AUDIO_FFT)
    bins = np.fft.rfftfreq(AUDIO_FFT, 1 / REFERENCE_AUDIO_RATE)
    edges = np.searchsorted(bins, BAND_EDGES_HZ)
    rows = []
    for start in range(0, count, 512):  # in blocks: a long recording stays small in memory
        index = np.arange(start, min(count, start + 512))[:, None] * hop + np.arange(AUDIO_FFT)
        power = np.abs(np.fft.rfft(samples[index] * window, axis=1)) ** 2
        bands = np.add.reduceat(power, edges[:-1], axis=1)
        rows.append(10 * np.log10(bands + 1.0))
    return np.concatenate(rows).astype(np.float32)


def audio_soft_bits(
    copy_samples: NDArray[np.int16],
    reference_energies: NDArray[np.float32],
    starts: Sequence[float],
) -> dict[int, float]:
    """`copy_samples` mono at the reference rate; `reference_energies` one row per 100 ms."""
    copy_energies = band_energies(copy_samples, AUDIO_HOP // STEP)
    if len(copy_energies) == 0 or len(reference_energies) == 0:
        return {}
    pairs = align(
        copy_energies - copy_energies.mean(axis=0),
        reference_energies - reference_energies.mean(axis=0),
        REFERENCE_AUDIO_RATE / (AUDIO_HOP // STEP),
    )
    if not pairs:
        return {}
    differences = copy_energies[[p.copy_index for p in pairs]].astype(np.float64)
    differences -= reference_energies[[p.reference_index for p in pairs]]
    differences -= differences.mean(axis=1, keepdims=True)
    signs = band_signs()
    values = differences @ signs / (signs**2).sum()
    # A reference row covers AUDIO_FFT samples from its start: its instant is its middle.
    shift = AUDIO_FFT / 2 / REFERENCE_AUDIO_RATE
    rate = REFERENCE_AUDIO_RATE / AUDIO_HOP
    return _by_segment(values, pairs, rate, [start - shift for start in starts])
