"""Reviewing: the scoring grid, a reviewer's marks, and the ranking they give. Pure.

A grid is a list of criteria, each with a weight and a scale (marks from 0 to the scale). A
reviewer's score is the weighted mean of their marks, each brought to a fraction of its scale,
so criteria on different scales weigh what their weights say. A submission's standing is the
mean of its reviewers' scores; the ranking puts the best first, and the submissions nobody has
scored yet last. Fractions are exact (`fractions.Fraction`), so equal marks tie exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any
from uuid import UUID

from calls.errors import CallError
from calls.texts import Texts, TextsRejected, parse_texts
from infra.errors import InvalidInput

MAX_CRITERIA = 20
MAX_COMMENT = 5_000
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Criterion:
    key: str
    labels: Texts
    weight: int  # 1..100
    scale: int  # marks go from 0 to this, 2..100

    def as_data(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "labels": dict(self.labels),
            "weight": self.weight,
            "scale": self.scale,
        }


@dataclass(frozen=True)
class Grid:
    criteria: tuple[Criterion, ...] = ()

    def as_data(self) -> list[dict[str, Any]]:
        return [criterion.as_data() for criterion in self.criteria]

    def check_marks(self, raw: Any) -> dict[str, int]:
        """Every criterion marked with an integer on its scale, and nothing else."""
        if not self.criteria:
            raise InvalidInput(CallError.NO_GRID)
        if not isinstance(raw, Mapping):
            raise InvalidInput(CallError.SCORE_INCOMPLETE, criterion=self.criteria[0].key)
        by_key = {criterion.key: criterion for criterion in self.criteria}
        for key in raw:
            if key not in by_key:
                raise InvalidInput(CallError.INVALID_SCORE, criterion=str(key)[:40], scale=0)
        marks: dict[str, int] = {}
        for criterion in self.criteria:
            mark = raw.get(criterion.key)
            if mark is None:
                raise InvalidInput(CallError.SCORE_INCOMPLETE, criterion=criterion.key)
            if not isinstance(mark, int) or isinstance(mark, bool):
                raise InvalidInput(
                    CallError.INVALID_SCORE, criterion=criterion.key, scale=criterion.scale
                )
            if not 0 <= mark <= criterion.scale:
                raise InvalidInput(
                    CallError.INVALID_SCORE, criterion=criterion.key, scale=criterion.scale
                )
            marks[criterion.key] = mark
        return marks

    def score(self, marks: Mapping[str, int]) -> Fraction:
        """The weighted mean of the marks as fractions of their scales: 0 to 1."""
        total_weight = sum(criterion.weight for criterion in self.criteria)
        if total_weight == 0:
            return Fraction(0)
        weighted = sum(Fraction(marks.get(c.key, 0), c.scale) * c.weight for c in self.criteria)
        return Fraction(weighted) / total_weight


def _criterion(raw: Any) -> Criterion:
    key = raw.get("key") if isinstance(raw, Mapping) else None
    if not isinstance(key, str) or not _KEY.match(key):
        raise InvalidInput(CallError.INVALID_CRITERION, key=str(key)[:40])
    assert isinstance(raw, Mapping)
    weight, scale = raw.get("weight", 1), raw.get("scale", 10)
    for number, low in ((weight, 1), (scale, 2)):
        if not isinstance(number, int) or isinstance(number, bool) or not low <= number <= 100:
            raise InvalidInput(CallError.INVALID_CRITERION, key=key)
    try:
        labels = parse_texts(raw.get("labels"), 300)
    except TextsRejected:
        raise InvalidInput(CallError.INVALID_CRITERION, key=key) from None
    return Criterion(key, labels, weight, scale)


def parse_grid(raw: Any) -> Grid:
    if raw is None:
        return Grid()
    if not isinstance(raw, list) or len(raw) > MAX_CRITERIA:
        raise InvalidInput(CallError.TOO_MANY_CRITERIA, max=MAX_CRITERIA)
    criteria = tuple(_criterion(item) for item in raw)
    keys = [criterion.key for criterion in criteria]
    for key in keys:
        if keys.count(key) > 1:
            raise InvalidInput(CallError.INVALID_CRITERION, key=key)
    return Grid(criteria)


def check_comment(raw: Any) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str) or "\x00" in raw or len(raw.strip()) > MAX_COMMENT:
        raise InvalidInput(CallError.INVALID_COMMENT, max=MAX_COMMENT)
    return raw.strip()


@dataclass(frozen=True)
class Standing:
    """A submission's place: the mean of its reviewers' scores (None: nobody scored it)."""

    submission_id: UUID
    mean: Fraction | None
    reviews: int

    @property
    def percent(self) -> float | None:
        return None if self.mean is None else round(float(self.mean) * 100, 1)


def rank(submission_ids: Sequence[UUID], scores: Iterable[tuple[UUID, Fraction]]) -> list[Standing]:
    """Best mean first; ties and unscored submissions keep the order given (submission time)."""
    by_submission: dict[UUID, list[Fraction]] = {}
    for submission_id, score in scores:
        by_submission.setdefault(submission_id, []).append(score)
    standings = []
    for submission_id in submission_ids:
        given = by_submission.get(submission_id, [])
        mean = sum(given, Fraction(0)) / len(given) if given else None
        standings.append(Standing(submission_id, mean, len(given)))
    # `sorted` is stable: equal means stay in submission order.
    return sorted(standings, key=lambda s: (s.mean is None, -(s.mean or 0)))
