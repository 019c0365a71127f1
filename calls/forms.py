"""A call's form: its questions, and the answers checked against them. Pure.

A form is data (kept as JSON with its call), so a module opening a call asks what it needs
without code: short or long text, one or several choices, a work of the applicant's catalogue,
a file, yes or no. Answers are checked twice: as a draft (what is there must be right) and when
submitted (every required question answered). Whether a named work is the applicant's is asked
of the `ApplicantWorks` port by the service; whether a file was attached, of the submission.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID

from calls.errors import CallError
from calls.texts import Texts, TextsRejected, parse_texts
from infra.errors import InvalidInput

MAX_QUESTIONS = 40
MAX_OPTIONS = 30
MAX_LABEL = 300
SHORT_TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 10_000
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

AnswerValue = str | bool | list[str]


class QuestionKind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    WORK = "work"
    FILE = "file"
    YES_NO = "yes_no"


TEXT_KINDS = {QuestionKind.SHORT_TEXT: SHORT_TEXT_LIMIT, QuestionKind.LONG_TEXT: LONG_TEXT_LIMIT}
CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})


@dataclass(frozen=True)
class Option:
    key: str
    labels: Texts


@dataclass(frozen=True)
class Question:
    key: str
    kind: QuestionKind
    labels: Texts
    required: bool = False
    # Text questions: the most characters an answer may have (the kind's limit by default).
    max_length: int | None = None
    options: tuple[Option, ...] = ()

    @property
    def limit(self) -> int:
        return self.max_length or TEXT_KINDS.get(self.kind, 0)

    def as_data(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind.value,
            "labels": dict(self.labels),
            "required": self.required,
            "max_length": self.max_length,
            "options": [{"key": o.key, "labels": dict(o.labels)} for o in self.options],
        }


@dataclass(frozen=True)
class Form:
    questions: tuple[Question, ...] = ()

    def as_data(self) -> list[dict[str, Any]]:
        return [question.as_data() for question in self.questions]

    def work_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.kind is QuestionKind.WORK)


def _form_error(key: object) -> InvalidInput:
    return InvalidInput(CallError.INVALID_QUESTION, key=str(key)[:40])


def _question(raw: Any) -> Question:
    if not isinstance(raw, Mapping):
        raise _form_error("?")
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise _form_error(key)
    try:
        kind = QuestionKind(str(raw.get("kind")))
        labels = parse_texts(raw.get("labels"), MAX_LABEL)
    except (ValueError, TextsRejected):
        raise _form_error(key) from None
    required = raw.get("required", False)
    max_length = raw.get("max_length")
    if not isinstance(required, bool):
        raise _form_error(key)
    if max_length is not None:
        if (
            kind not in TEXT_KINDS
            or not isinstance(max_length, int)
            or isinstance(max_length, bool)
        ):
            raise _form_error(key)
        if not 1 <= max_length <= TEXT_KINDS[kind]:
            raise _form_error(key)
    options: list[Option] = []
    raw_options = raw.get("options") or []
    if not isinstance(raw_options, list) or len(raw_options) > MAX_OPTIONS:
        raise _form_error(key)
    for item in raw_options:
        if not isinstance(item, Mapping) or not isinstance(item.get("key"), str):
            raise _form_error(key)
        if not _KEY.match(item["key"]):
            raise _form_error(key)
        try:
            options.append(Option(item["key"], parse_texts(item.get("labels"), MAX_LABEL)))
        except TextsRejected:
            raise _form_error(key) from None
    if (kind in CHOICE_KINDS) != bool(options) or len({o.key for o in options}) != len(options):
        raise _form_error(key)
    if kind in CHOICE_KINDS and len(options) < 2:
        raise _form_error(key)
    return Question(key, kind, labels, required, max_length, tuple(options))


def parse_form(raw: Any) -> Form:
    """A form from its JSON shape (a list of questions); keys are unique."""
    if raw is None:
        return Form()
    if not isinstance(raw, list) or len(raw) > MAX_QUESTIONS:
        raise InvalidInput(CallError.TOO_MANY_QUESTIONS, max=MAX_QUESTIONS)
    questions = tuple(_question(item) for item in raw)
    keys = [q.key for q in questions]
    for key in keys:
        if keys.count(key) > 1:
            raise _form_error(key)
    return Form(questions)


def _answer_error(question: Question, error: CallError = CallError.INVALID_ANSWER) -> InvalidInput:
    return InvalidInput(error, question=question.key, max=question.limit)


def _check(question: Question, value: Any, file_ids: Collection[str]) -> AnswerValue | None:
    """The answer as kept, None when it is blank; InvalidInput when it is wrong."""
    kind = question.kind
    if kind in TEXT_KINDS:
        if not isinstance(value, str) or "\x00" in value:
            raise _answer_error(question)
        text = value.strip()
        if len(text) > question.limit:
            raise _answer_error(question, CallError.ANSWER_TOO_LONG)
        return text or None
    if kind is QuestionKind.YES_NO:
        if not isinstance(value, bool):
            raise _answer_error(question)
        return value
    if kind is QuestionKind.SINGLE_CHOICE:
        if not isinstance(value, str):
            raise _answer_error(question)
        if value == "":
            return None
        if value not in {o.key for o in question.options}:
            raise _answer_error(question, CallError.ANSWER_NOT_AN_OPTION)
        return str(value)
    if kind is QuestionKind.MULTIPLE_CHOICE:
        if not isinstance(value, list) or len(set(map(str, value))) != len(value):
            raise _answer_error(question)
        allowed = [o.key for o in question.options]
        if any(item not in allowed for item in value):
            raise _answer_error(question, CallError.ANSWER_NOT_AN_OPTION)
        # Kept in the form's order, whatever order they came in.
        return [key for key in allowed if key in value] or None
    # A work or a file: an id.
    if value == "":
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise _answer_error(question)
    try:
        normalised = str(UUID(value))
    except ValueError:
        raise _answer_error(question) from None
    if kind is QuestionKind.FILE and normalised not in file_ids:
        raise _answer_error(question, CallError.ANSWER_FILE_MISSING)
    return normalised


def check_answers(
    form: Form,
    raw: Any,
    *,
    complete: bool,
    file_ids: Collection[str] = (),
) -> dict[str, AnswerValue]:
    """The answers as kept (blanks dropped). `complete`: every required question answered.

    An answer to a question the form does not ask is refused, so a client's typo shows.
    """
    if not isinstance(raw, Mapping):
        raise InvalidInput(CallError.ANSWERS_NOT_AN_OBJECT)
    by_key = {question.key: question for question in form.questions}
    for key in raw:
        if key not in by_key:
            raise InvalidInput(CallError.UNKNOWN_QUESTION, question=str(key)[:40])
    kept: dict[str, AnswerValue] = {}
    for question in form.questions:
        value = raw.get(question.key)
        checked = None if value is None else _check(question, value, file_ids)
        if checked is not None:
            kept[question.key] = checked
        elif complete and question.required:
            raise _answer_error(question, CallError.ANSWER_REQUIRED)
    return kept


def named_works(form: Form, answers: Mapping[str, AnswerValue]) -> list[UUID]:
    """The works the answers name, in the form's order."""
    return [
        UUID(str(answers[q.key]))
        for q in form.work_questions()
        if isinstance(answers.get(q.key), str)
    ]
