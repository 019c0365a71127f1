"""Codewords: their layout over segments and the maximum-likelihood choice of a holder."""

from __future__ import annotations

import random

from media.watermark.codewords import BITS, bit_index, decide, new_codeword, signs

HOLDERS = {f"h{n}": new_codeword() for n in range(20)}


def _soft_bits(
    codeword: str, segments: range, noise: float, rng: random.Random
) -> dict[int, float]:
    spelled = signs(codeword, segments.stop)
    return {n: 2.5 * spelled[n] + rng.gauss(0, noise) for n in segments}


def test_any_run_of_segments_carries_every_bit_of_the_codeword() -> None:
    assert {bit_index(n) for n in range(37, 37 + BITS)} == set(range(BITS))
    assert bit_index(0) != bit_index(1) != bit_index(2)


def test_a_copy_cut_anywhere_names_its_holder() -> None:
    rng = random.Random(4)
    for holder, codeword in HOLDERS.items():
        # 60 % of a 3-minute film without its first 20 s, noisy, one segment in ten missing.
        kept = {n: v for n, v in _soft_bits(codeword, range(10, 64), 1.0, rng).items() if n % 10}
        verdict = decide(kept, HOLDERS)
        assert verdict.holder_ref == holder
        assert verdict.false_accusation < 1e-6


def test_an_unmarked_copy_or_a_short_clip_accuses_no_one() -> None:
    rng = random.Random(5)
    for _ in range(50):
        unmarked = {n: rng.gauss(0, 2.5) for n in range(90)}
        assert decide(unmarked, HOLDERS).holder_ref is None
    # Ten seconds of a real copy: too few segments to accuse anyone beyond doubt.
    short = _soft_bits(HOLDERS["h3"], range(40, 45), 0.1, rng)
    verdict = decide(short, HOLDERS)
    assert verdict.holder_ref is None
    assert verdict.false_accusation > 1e-6
    assert decide({}, HOLDERS).holder_ref is None
