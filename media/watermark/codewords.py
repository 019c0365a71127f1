"""Codewords, their layout over segments, and the maximum-likelihood choice of a holder.

Each holder of a marked copy gets a random codeword of `BITS` bits. Segment n of a work carries
bit `(n * STRIDE) % BITS`: the codeword is interleaved (neighbouring segments carry distant
bits) and repeated (any `BITS` consecutive segments carry all of it), so a copy cut anywhere
keeps a spread of bits, and missing segments are erasures rather than errors.

The tracer reads a soft bit per segment (positive: variant A, negative: B; its size says how
sure). For each issued codeword the score is the correlation of its signs with the soft bits;
the best score names the most likely holder (for Gaussian noise this is the likelihood ratio).
How likely an innocent holder reaches that score does not depend on the noise: the codewords
are random, so Hoeffding's inequality bounds it by exp(-z^2/2) per codeword, z being the
score over the root of the summed squares of the per-bit sums. An accusation needs that bound,
times the number of issued codewords, under `FALSE_ACCUSATION_LIMIT`.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

BITS = 64
STRIDE = 37  # odd, so coprime with BITS: every bit comes back once in BITS segments
FALSE_ACCUSATION_LIMIT = 1e-6


def new_codeword() -> str:
    return secrets.token_hex(BITS // 8)


def bit_index(segment: int) -> int:
    return (segment * STRIDE) % BITS


def variant_for(codeword: str, segment: int) -> str:
    """ "A" or "B": what this holder receives for that segment."""
    value = int(codeword, 16)
    return "A" if (value >> bit_index(segment)) & 1 else "B"


def signs(codeword: str, segments: int) -> list[int]:
    return [1 if variant_for(codeword, n) == "A" else -1 for n in range(segments)]


@dataclass(frozen=True)
class Verdict:
    holder_ref: str | None  # None: no match
    false_accusation: float  # the bound on an innocent holder scoring this high (1.0: none)
    z: float
    segments: int  # soft bits read (segments not erased)


def _per_bit(soft_bits: Mapping[int, float], codeword: str | None) -> dict[int, float]:
    sums: dict[int, float] = {}
    for segment, value in soft_bits.items():
        index = bit_index(segment)
        sign = 1 if codeword is None or variant_for(codeword, segment) == "A" else -1
        sums[index] = sums.get(index, 0.0) + sign * value
    return sums


def decide(soft_bits: Mapping[int, float], codewords: Mapping[str, str]) -> Verdict:
    """The issued holder (`holder_ref -> codeword`) most likely to have leaked these bits."""
    if not soft_bits or not codewords:
        return Verdict(None, 1.0, 0.0, len(soft_bits))
    # Any codeword's score is a signed sum of the per-bit sums, so one spread serves them all.
    spread = math.sqrt(sum(total**2 for total in _per_bit(soft_bits, None).values()))
    if spread == 0:
        return Verdict(None, 1.0, 0.0, len(soft_bits))
    scores = {
        holder: sum(_per_bit(soft_bits, codeword).values()) / spread
        for holder, codeword in codewords.items()
    }
    holder = max(sorted(scores), key=lambda name: scores[name])
    z = scores[holder]
    bound = min(1.0, len(codewords) * math.exp(-z * z / 2)) if z > 0 else 1.0
    if bound > FALSE_ACCUSATION_LIMIT:
        return Verdict(None, bound, z, len(soft_bits))
    return Verdict(holder, bound, z, len(soft_bits))


def best_of(verdicts: Sequence[Verdict]) -> Verdict:
    """Several works were tried: the most convincing accusation, else the first no-match."""
    accused = [v for v in verdicts if v.holder_ref is not None]
    if accused:
        return min(accused, key=lambda v: v.false_accusation)
    return verdicts[0] if verdicts else Verdict(None, 1.0, 0.0, 0)
