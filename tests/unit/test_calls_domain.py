"""The calls' rules without a database: forms and answers, the grid and the ranking, the
deadline and decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calls.domain import (
    Call,
    CallSettings,
    CallState,
    Decision,
    Eligibility,
    OwnerScope,
    Submission,
)
from calls.forms import QuestionKind, check_answers, parse_form
from calls.review import Standing, parse_grid, rank
from infra.errors import AppError, Conflict, InvalidInput

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)
CHOICES = [{"key": k, "labels": {"fr": k.title()}} for k in ("solo", "duo", "band")]
FORM = parse_form(
    [
        {
            "key": "title",
            "kind": "short_text",
            "labels": {"fr": "Titre"},
            "required": True,
            "max_length": 20,
        },
        {"key": "pitch", "kind": "long_text", "labels": {"fr": "Pitch"}},
        {"key": "format", "kind": "single_choice", "labels": {"fr": "Format"}, "options": CHOICES},
        {
            "key": "needs",
            "kind": "multiple_choice",
            "labels": {"fr": "Besoins"},
            "options": CHOICES,
        },
        {"key": "live", "kind": "yes_no", "labels": {"fr": "Direct"}, "required": True},
        {"key": "work", "kind": "work", "labels": {"fr": "Œuvre"}},
        {"key": "sheet", "kind": "file", "labels": {"fr": "Fiche"}},
    ]
)
answer_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=30),
    st.lists(st.sampled_from(["solo", "duo", "band", "trio"]), max_size=4),
    st.uuids().map(str),
)


@given(st.dictionaries(st.sampled_from([q.key for q in FORM.questions] + ["extra"]), answer_values))
def test_answers_are_kept_only_when_every_one_fits_its_question(raw: dict[str, Any]) -> None:
    try:
        kept = check_answers(FORM, raw, complete=False)
    except InvalidInput as error:
        refused = error.code
        assert refused in ("invalid_answer", "answer_required")
        return
    by_key = {q.key: q for q in FORM.questions}
    assert set(kept) <= set(raw)
    for key, value in kept.items():
        question = by_key[key]
        if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            assert isinstance(value, str)
            assert 0 < len(value) <= question.limit
        elif question.kind is QuestionKind.YES_NO:
            assert isinstance(value, bool)
        elif question.kind is QuestionKind.SINGLE_CHOICE:
            assert value in {"solo", "duo", "band"}
        elif question.kind is QuestionKind.MULTIPLE_CHOICE:
            assert isinstance(value, list)
            assert set(value) <= {"solo", "duo", "band"}
            assert len(set(value)) == len(value)
        else:
            assert question.kind is QuestionKind.WORK  # no file was attached
            UUID(str(value))


@given(st.text(max_size=40), st.booleans())
def test_a_complete_submission_answers_every_required_question(title: str, live: bool) -> None:
    raw = {"title": title, "live": live}
    fits = 0 < len(title.strip()) <= 20 and "\x00" not in title
    if fits:
        assert check_answers(FORM, raw, complete=True)["live"] is live
    else:
        with pytest.raises(InvalidInput):
            check_answers(FORM, raw, complete=True)


def test_a_file_answer_names_a_file_of_the_submission() -> None:
    file_id = str(uuid4())
    raw = {"title": "Bèlè", "live": False, "sheet": file_id}
    with pytest.raises(InvalidInput):
        check_answers(FORM, raw, complete=True)
    assert check_answers(FORM, raw, complete=True, file_ids={file_id})["sheet"] == file_id


@pytest.mark.parametrize(
    "question",
    [
        {"key": "Bad Key", "kind": "yes_no", "labels": {"fr": "?"}},
        {"key": "a", "kind": "essay", "labels": {"fr": "?"}},
        {"key": "a", "kind": "yes_no", "labels": {"en": "No French"}},
        {"key": "a", "kind": "single_choice", "labels": {"fr": "?"}, "options": CHOICES[:1]},
        {"key": "a", "kind": "yes_no", "labels": {"fr": "?"}, "max_length": 3},
        {"key": "a", "kind": "short_text", "labels": {"fr": "?"}, "max_length": 10_000},
    ],
)
def test_a_malformed_question_is_refused(question: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_form([question])
    assert raised.value.code == "invalid_form"


def test_question_keys_are_unique() -> None:
    twice = {"key": "a", "kind": "yes_no", "labels": {"fr": "?"}}
    with pytest.raises(InvalidInput):
        parse_form([twice, twice])


GRID = parse_grid(
    [
        {"key": "quality", "labels": {"fr": "Qualité"}, "weight": 3, "scale": 10},
        {"key": "fit", "labels": {"fr": "Adéquation"}, "weight": 1, "scale": 4},
    ]
)


@given(st.integers(0, 10), st.integers(0, 4))
def test_a_score_is_the_weighted_mean_of_the_marks_on_their_scales(q: int, f: int) -> None:
    score = GRID.score(GRID.check_marks({"quality": q, "fit": f}))
    assert score == (Fraction(q, 10) * 3 + Fraction(f, 4)) / 4
    assert 0 <= score <= 1


@pytest.mark.parametrize(
    "marks",
    [
        {"quality": 11, "fit": 1},
        {"quality": 5},
        {"quality": 5, "fit": 1, "x": 1},
        {"quality": True, "fit": 1},
        {"quality": 1.5, "fit": 1},
    ],
)
def test_marks_off_the_grid_are_refused(marks: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        GRID.check_marks(marks)


scored = st.lists(st.tuples(st.integers(0, 9), st.fractions(min_value=0, max_value=1)), max_size=40)


@given(st.integers(1, 10), scored)
def test_the_ranking_orders_every_submission_by_its_mean_unscored_last(
    count: int, raw_scores: list[tuple[int, Fraction]]
) -> None:
    ids = [uuid4() for _ in range(count)]
    scores = [(ids[i % count], score) for i, score in raw_scores]
    standings = rank(ids, scores)
    assert sorted(s.submission_id for s in standings) == sorted(ids)
    means = [s.mean for s in standings]
    scored_means = [m for m in means if m is not None]
    assert means[: len(scored_means)] == scored_means  # the unscored come last
    assert scored_means == sorted(scored_means, reverse=True)
    for standing in standings:
        given_scores = [score for sid, score in scores if sid == standing.submission_id]
        assert standing.reviews == len(given_scores)
        if given_scores:
            assert standing.mean == sum(given_scores, Fraction(0)) / len(given_scores)
    unscored = [s.submission_id for s in standings if s.mean is None]
    assert unscored == [i for i in ids if i in unscored]  # in submission order


def test_equal_means_keep_the_submission_order() -> None:
    first, second = uuid4(), uuid4()
    standings = rank([first, second], [(second, Fraction(1, 2)), (first, Fraction(1, 2))])
    assert [s.submission_id for s in standings] == [first, second]
    assert standings[0] == Standing(first, Fraction(1, 2), 1)


def _call(**extra: Any) -> Call:
    settings = CallSettings(
        titles={"fr": "Appel"},
        descriptions={},
        opens_at=NOW - timedelta(days=1),
        closes_at=NOW + timedelta(days=1),
        time_zone="America/Martinique",
        form=FORM,
        grid=GRID,
        **extra,
    )
    return Call.create(OwnerScope("market", "m1"), settings, uuid4(), NOW)


def test_the_deadline_closes_the_call_to_submissions() -> None:
    call = _call()
    with pytest.raises(Conflict) as not_yet:
        call.check_accepting(NOW)
    assert not_yet.value.code == "call_not_open"
    call.open(uuid4(), NOW)
    call.check_accepting(NOW)
    with pytest.raises(Conflict) as late:
        call.check_accepting(NOW + timedelta(days=1))
    assert late.value.code == "call_closed"
    assert [e.type for e in call.collect_events()] == ["call.opened"]


def test_an_open_call_keeps_its_form_and_closing_early_moves_the_deadline() -> None:
    call = _call()
    call.open(uuid4(), NOW)
    changed = CallSettings(
        titles={"fr": "Autre"},
        descriptions={},
        opens_at=call.settings.opens_at,
        closes_at=call.closes_at,
        time_zone="Europe/Paris",
        form=parse_form([]),
        grid=GRID,
    )
    with pytest.raises(Conflict):
        call.edit(changed, NOW)
    call.close(uuid4(), NOW)
    assert call.state is CallState.CLOSED
    assert call.closes_at == NOW


def test_a_window_that_ends_before_it_begins_is_refused() -> None:
    with pytest.raises(InvalidInput):
        CallSettings(
            titles={"fr": "Appel"},
            descriptions={},
            opens_at=NOW,
            closes_at=NOW,
            time_zone="America/Martinique",
        )
    with pytest.raises(InvalidInput):
        CallSettings(
            titles={"fr": "Appel"},
            descriptions={},
            opens_at=NOW,
            closes_at=NOW + timedelta(hours=1),
            time_zone="Mars/Olympus",
        )


def test_wait_listed_may_still_be_accepted_the_others_are_final() -> None:
    call = _call()
    call.open(uuid4(), NOW)
    submission = Submission.start(call.id, uuid4(), None, {"title": "x", "live": True}, NOW)
    submission.submit(call, [], NOW)
    later = NOW + timedelta(days=2)
    call.check_deciding(uuid4(), later)
    assert submission.decide(call, Decision.WAITLISTED, [], uuid4(), later)
    assert not submission.decide(call, Decision.WAITLISTED, [], uuid4(), later)
    assert submission.decide(call, Decision.ACCEPTED, [], uuid4(), later)
    with pytest.raises(AppError) as final:
        submission.decide(call, Decision.DECLINED, [], uuid4(), later)
    assert final.value.code == "decision_final"
    kinds = [e.type for e in submission.collect_events()]
    assert kinds == ["submission.submitted", "entry.waitlisted", "entry.accepted"]


def test_eligibility_is_data_checked_against_what_is_known() -> None:
    known = frozenset({"music", "film"})
    rules = Eligibility.parse(
        {"disciplines": ["music"], "applicant_kinds": ["person"], "max_submissions": 2}, known
    )
    rules.check_applicant("person")
    with pytest.raises(InvalidInput):
        rules.check_applicant("organiser")
    with pytest.raises(InvalidInput):
        rules.check_disciplines(["music", "film"])
    for bad in ({"disciplines": ["opera"]}, {"applicant_kinds": ["robot"]}, {"max_submissions": 0}):
        with pytest.raises(InvalidInput):
            Eligibility.parse(bad, known)
