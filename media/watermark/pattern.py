"""The marks themselves: a faint low-frequency luma pattern (video) and a pseudo-random
sign over frequency bands (audio). Variant A adds the mark, variant B subtracts it.

The same definitions feed ffmpeg (the expressions below, evaluated inside its filter graph) and
the tracer (the arrays below), so what is embedded and what is looked for cannot drift apart.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

# Video: luma levels added (A) or subtracted (B); a peak of 2.5 rounds to -2..+2 levels (3 at
# the very peaks) and keeps the marked picture about 46 dB (PSNR) from the unmarked one.
LUMA_AMPLITUDE = 2.5
# Cycles across the width and the height, and phases: slow enough to survive downscaling to a
# thumbnail and re-encoding at any bit rate, irregular enough not to look like a vignette.
_CYCLES_X, _PHASE_X = 1.5, 0.13
_CYCLES_Y, _PHASE_Y = 1.0, 0.29


def luma_expression(sign: int) -> str:
    """geq's luma expression for a pattern frame centred on 128 (lut2 then adds it)."""
    amplitude = sign * LUMA_AMPLITUDE
    # geq truncates: the half level makes it round, which keeps the mark 1 dB less visible.
    return (
        f"128.5+{amplitude}*sin(2*PI*({_CYCLES_X}*X/W+{_PHASE_X}))"
        f"*sin(2*PI*({_CYCLES_Y}*Y/H+{_PHASE_Y}))"
    )


def luma_pattern(width: int, height: int) -> NDArray[np.float64]:
    """The pattern sampled at pixel centres of a width x height frame, peak 1, mean removed."""
    u = (np.arange(width) + 0.5) / width
    v = (np.arange(height) + 0.5) / height
    row = np.sin(2 * math.pi * (_CYCLES_X * u + _PHASE_X))
    column = np.sin(2 * math.pi * (_CYCLES_Y * v + _PHASE_Y))
    pattern = np.outer(column, row)
    centred: NDArray[np.float64] = pattern - pattern.mean()
    return centred


# Audio: gains in dB on bands spread over the voice and music range, one pseudo-random sign per
# band (the spreading sequence); well under the 1 dB a listener notices on broadband sound.
AUDIO_GAIN_DB = 0.6
BAND_EDGES_HZ = tuple(round(300 * (7000 / 300) ** (i / 24)) for i in range(25))
_BAND_SIGNS = (1, -1, -1, 1, -1, 1, 1, -1, 1, 1, -1, -1, 1, -1, 1, -1, -1, 1, 1, -1, 1, -1, 1, -1)


def band_signs() -> NDArray[np.float64]:
    return np.array(_BAND_SIGNS, dtype=np.float64)


def equalizer_entries(sign: int) -> str:
    """firequalizer's gain entries: each band's centre at +-gain, the edges of the range at 0."""
    entries = [f"entry({BAND_EDGES_HZ[0] // 2},0)"]
    for index, band_sign in enumerate(_BAND_SIGNS):
        low, high = BAND_EDGES_HZ[index], BAND_EDGES_HZ[index + 1]
        centre = round(math.sqrt(low * high))
        entries.append(f"entry({centre},{sign * band_sign * AUDIO_GAIN_DB:g})")
    entries.append(f"entry({BAND_EDGES_HZ[-1] * 2},0)")
    return ";".join(entries)
