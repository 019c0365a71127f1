"""Piecewise alignment of a leaked copy to the unmarked reference, on coarse signatures (of
small grey frames, or of the spectrum of short stretches of sound).

The reference has a few frames a second; the copy is read at `STEP` times that rate, so a copy
whose cuts fall between two reference frames still has a frame within a fraction of a frame of
each reference instant. The copy is split into windows of `WINDOW_S`; each window is matched on
its own (every phase of the finer clock, every offset in the reference) by the correlation of
coarse signatures, so cut-out scenes, a removed start or a re-ordered copy are followed; where
content repeats, the offset continuing the previous window is preferred when it matches about
as well. A window whose best match correlates poorly is left out: it is not from this work (or
not recognisable), and its segments become erasures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

STEP = 5  # copy frames per reference frame (25 fps against 5 fps)
WINDOW_S = 8.0
BLOCK = 10  # signature: 10x10 pixel block means (16x9 for 160x90 frames)
MATCH_CORRELATION = 0.85  # a window below this is not a match
CONTINUITY_SLACK = 0.05
# Flat stretches (black, a title card, silence) align nowhere in particular.
MIN_SIGNATURE_ENERGY = 4.0

Frames = NDArray[np.uint8]


@dataclass(frozen=True)
class Pair:
    copy_index: int
    reference_index: int


def signatures(frames: Frames) -> NDArray[np.float32]:
    """Video: block means with each frame's own mean removed (brightness changes do not
    count)."""
    count, height, width = frames.shape
    blocks = frames[:, : height - height % BLOCK, : width - width % BLOCK].astype(np.float32)
    blocks = blocks.reshape(count, height // BLOCK, BLOCK, width // BLOCK, BLOCK).mean(axis=(2, 4))
    flat = blocks.reshape(count, -1)
    return flat - flat.mean(axis=1, keepdims=True)  # type: ignore[no-any-return]


def _correlations(
    window: NDArray[np.float32],
    reference: NDArray[np.float32],
    reference_energy: NDArray[np.float64],
) -> NDArray[np.float64]:
    """The window's correlation with the reference at every offset."""
    count = len(window)
    positions = len(reference) - count + 1
    if positions <= 0:
        return np.zeros(0)
    cross = window @ reference.T  # count x reference frames
    scores = np.zeros(positions)
    for index in range(count):
        scores += cross[index, index : index + positions]
    energy = np.convolve(reference_energy, np.ones(count), mode="valid")
    own = float((window.astype(np.float64) ** 2).sum())
    return scores / np.sqrt(np.maximum(energy * own, 1e-9))


def align(
    copy_signatures: NDArray[np.float32],
    reference_signatures: NDArray[np.float32],
    copy_rate: float,
) -> list[Pair]:
    """Pairs of (copy frame, reference frame) showing the same instant; the copy has `STEP`
    frames per reference frame, `copy_rate` a second."""
    reference_energy = (reference_signatures.astype(np.float64) ** 2).sum(axis=1)
    window_frames = max(STEP, int(WINDOW_S * copy_rate) // STEP * STEP)
    pairs: list[Pair] = []
    follows: int | None = None  # the offset that would continue the previous window
    for start in range(0, len(copy_signatures) - STEP + 1, window_frames):
        best: tuple[float, int, int] | None = None
        for phase in range(STEP):
            indices = np.arange(
                start + phase, min(start + window_frames, len(copy_signatures)), STEP
            )
            window = copy_signatures[indices]
            if len(window) < 2 or (window**2).sum(axis=1).mean() < MIN_SIGNATURE_ENERGY:
                continue
            correlation = _correlations(window, reference_signatures, reference_energy)
            if len(correlation) == 0:
                continue
            offset = int(np.argmax(correlation))
            # Content that repeats (a loop, a test card) matches in several places: the place
            # that continues the previous window wins when it matches about as well.
            if (
                follows is not None
                and 0 <= follows < len(correlation)
                and correlation[follows] >= correlation[offset] - CONTINUITY_SLACK
            ):
                offset = follows
            if best is None or correlation[offset] > best[0]:
                best = (float(correlation[offset]), phase, offset)
        if best is None or best[0] < MATCH_CORRELATION:
            follows = None
            continue
        _, phase, offset = best
        chosen = range(start + phase, min(start + window_frames, len(copy_signatures)), STEP)
        pairs += [
            Pair(i, offset + n)
            for n, i in enumerate(chosen)
            if offset + n < len(reference_signatures)
        ]
        follows = offset + len(chosen)
    return pairs
