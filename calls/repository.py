"""Reading and writing calls and what hangs off them (piccolo, both engines)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from accounts.tables import User
from calls.domain import (
    Call,
    CallSettings,
    CallState,
    Decision,
    Eligibility,
    OwnerScope,
    Submission,
    SubmissionState,
)
from calls.forms import parse_form
from calls.review import parse_grid
from calls.tables import (
    CallRow,
    ConflictRow,
    ReviewerRow,
    ScoreRow,
    SubmissionFileRow,
    SubmissionRow,
)
from calls.texts import parse_texts
from infra.db.values import as_json, as_utc, as_uuid
from infra.ids import new_id


@dataclass(frozen=True)
class Person:
    id: UUID
    email: str
    display_name: str
    language: str


@dataclass(frozen=True)
class Score:
    submission_id: UUID
    reviewer_id: UUID
    marks: dict[str, int]
    comment: str
    scored_at: datetime


@dataclass(frozen=True)
class AttachedFile:
    id: UUID
    submission_id: UUID
    sha256: str
    content_type: str
    filename: str
    size: int


class CallRepository:
    # Calls ---------------------------------------------------------------------------------

    async def add(self, call: Call) -> None:
        await CallRow.insert(CallRow(**_call_fields(call)))

    async def save(self, call: Call) -> None:
        fields: dict[Any, Any] = _call_fields(call)
        fields.pop("id")
        await CallRow.update(fields).where(CallRow.id == call.id)

    async def get(self, call_id: UUID, *, for_update: bool = False) -> Call | None:
        query = CallRow.select().where(CallRow.id == call_id)
        if for_update and CallRow._meta.db.engine_type == "postgres":
            # Decisions and submissions of one call wait for each other (SQLite's write lock
            # already serialises writers).
            query = query.lock_rows("UPDATE")
        row = await query.first()
        return _call(row) if row else None

    async def listing(
        self, scope: OwnerScope | None, states: Collection[CallState], limit: int = 100
    ) -> list[Call]:
        query = (
            CallRow.select()
            .where(CallRow.state.is_in([state.value for state in states]))
            .order_by(CallRow.closes_at)
            .limit(limit)
        )
        if scope is not None:
            query = query.where((CallRow.scope_kind == scope.kind) & (CallRow.scope_id == scope.id))
        return [_call(row) for row in await query]

    async def by_ids(self, call_ids: Collection[UUID]) -> dict[UUID, Call]:
        if not call_ids:
            return {}
        rows = await CallRow.select().where(CallRow.id.is_in(list(call_ids)))
        return {call.id: call for call in map(_call, rows)}

    # Reviewers -----------------------------------------------------------------------------

    async def add_reviewer(self, call_id: UUID, user_id: UUID, by: UUID, now: datetime) -> bool:
        """False when the person already reviews this call."""
        if await self.is_reviewer(call_id, user_id):
            return False
        try:
            await ReviewerRow.insert(
                ReviewerRow(id=new_id(), call=call_id, user=user_id, added_by=by, added_at=now)
            )
        except (asyncpg.UniqueViolationError, sqlite3.IntegrityError):
            return False
        return True

    async def is_reviewer(self, call_id: UUID, user_id: UUID) -> bool:
        row = (
            await ReviewerRow.select(ReviewerRow.id)
            .where((ReviewerRow.call == call_id) & (ReviewerRow.user == user_id))
            .first()
        )
        return row is not None

    async def reviewers(self, call_id: UUID) -> list[Person]:
        rows = await ReviewerRow.select(ReviewerRow.user).where(ReviewerRow.call == call_id)
        people = await self.people([as_uuid(row["user"]) for row in rows])
        return sorted(people.values(), key=lambda p: p.display_name.lower())

    async def calls_reviewed_by(self, user_id: UUID) -> list[UUID]:
        rows = await ReviewerRow.select(ReviewerRow.call).where(ReviewerRow.user == user_id)
        return [as_uuid(row["call"]) for row in rows]

    # People --------------------------------------------------------------------------------

    async def person_by_email(self, email: str) -> Person | None:
        row = await User.select().where(User.email == email.strip().lower()).first()
        return _person(row) if row else None

    async def people(self, user_ids: Collection[UUID]) -> dict[UUID, Person]:
        if not user_ids:
            return {}
        rows = await User.select().where(User.id.is_in(list(user_ids)))
        return {person.id: person for person in map(_person, rows)}

    # Submissions ---------------------------------------------------------------------------

    async def add_submission(self, submission: Submission) -> None:
        await SubmissionRow.insert(SubmissionRow(**_submission_fields(submission)))

    async def save_submission(self, submission: Submission) -> None:
        fields: dict[Any, Any] = _submission_fields(submission)
        fields.pop("id")
        await SubmissionRow.update(fields).where(SubmissionRow.id == submission.id)

    async def submission(self, submission_id: UUID) -> Submission | None:
        row = await SubmissionRow.select().where(SubmissionRow.id == submission_id).first()
        return _submission(row) if row else None

    async def submissions_of_call(
        self, call_id: UUID, *, submitted_only: bool = True
    ) -> list[Submission]:
        query = SubmissionRow.select().where(SubmissionRow.call == call_id)
        if submitted_only:
            query = query.where(SubmissionRow.state == SubmissionState.SUBMITTED.value)
        rows = await query.order_by(SubmissionRow.submitted_at).order_by(SubmissionRow.id)
        return [_submission(row) for row in rows]

    async def submissions_of(
        self, applicant_id: UUID, call_id: UUID | None = None
    ) -> list[Submission]:
        query = SubmissionRow.select().where(SubmissionRow.applicant == applicant_id)
        if call_id is not None:
            query = query.where(SubmissionRow.call == call_id)
        rows = await query.order_by(SubmissionRow.created_at, ascending=False)
        return [_submission(row) for row in rows]

    # Files ---------------------------------------------------------------------------------

    async def add_file(self, file: AttachedFile, content: bytes, now: datetime) -> None:
        await SubmissionFileRow.insert(
            SubmissionFileRow(
                id=file.id,
                submission=file.submission_id,
                sha256=file.sha256,
                content_type=file.content_type,
                filename=file.filename,
                size=file.size,
                content=content,
                uploaded_at=now,
            )
        )

    async def files(self, submission_id: UUID) -> list[AttachedFile]:
        rows = await SubmissionFileRow.select(
            *(c for c in SubmissionFileRow._meta.columns if c._meta.name != "content")
        ).where(SubmissionFileRow.submission == submission_id)
        return [_file(row) for row in rows]

    async def file_content(
        self, submission_id: UUID, file_id: UUID
    ) -> tuple[AttachedFile, bytes] | None:
        row = (
            await SubmissionFileRow.select()
            .where(
                (SubmissionFileRow.submission == submission_id) & (SubmissionFileRow.id == file_id)
            )
            .first()
        )
        return (_file(row), bytes(row["content"])) if row else None

    # Conflicts and scores ------------------------------------------------------------------

    async def declare_conflict(
        self, submission_id: UUID, reviewer_id: UUID, reason: str, now: datetime
    ) -> None:
        if await self.has_conflict(submission_id, reviewer_id):
            return
        await ConflictRow.insert(
            ConflictRow(
                id=new_id(),
                submission=submission_id,
                reviewer=reviewer_id,
                reason=reason,
                declared_at=now,
            )
        )
        # A score given before the conflict was declared no longer counts.
        await ScoreRow.delete().where(
            (ScoreRow.submission == submission_id) & (ScoreRow.reviewer == reviewer_id)
        )

    async def has_conflict(self, submission_id: UUID, reviewer_id: UUID) -> bool:
        row = (
            await ConflictRow.select(ConflictRow.id)
            .where(
                (ConflictRow.submission == submission_id) & (ConflictRow.reviewer == reviewer_id)
            )
            .first()
        )
        return row is not None

    async def conflicts_of(self, reviewer_id: UUID, submission_ids: Collection[UUID]) -> set[UUID]:
        if not submission_ids:
            return set()
        rows = await ConflictRow.select(ConflictRow.submission).where(
            (ConflictRow.reviewer == reviewer_id)
            & ConflictRow.submission.is_in(list(submission_ids))
        )
        return {as_uuid(row["submission"]) for row in rows}

    async def conflicted(self, submission_ids: Collection[UUID]) -> list[UUID]:
        """One submission id per declared conflict (a submission twice: two reviewers)."""
        if not submission_ids:
            return []
        rows = await ConflictRow.select(ConflictRow.submission).where(
            ConflictRow.submission.is_in(list(submission_ids))
        )
        return [as_uuid(row["submission"]) for row in rows]

    async def save_score(self, score: Score) -> None:
        await ScoreRow.delete().where(
            (ScoreRow.submission == score.submission_id) & (ScoreRow.reviewer == score.reviewer_id)
        )
        await ScoreRow.insert(
            ScoreRow(
                id=new_id(),
                submission=score.submission_id,
                reviewer=score.reviewer_id,
                marks=score.marks,
                comment=score.comment,
                scored_at=score.scored_at,
            )
        )

    async def scores(self, submission_ids: Collection[UUID]) -> list[Score]:
        if not submission_ids:
            return []
        rows = await ScoreRow.select().where(ScoreRow.submission.is_in(list(submission_ids)))
        return [
            Score(
                submission_id=as_uuid(row["submission"]),
                reviewer_id=as_uuid(row["reviewer"]),
                marks={str(k): int(v) for k, v in as_json(row["marks"]).items()},
                comment=row["comment"],
                scored_at=as_utc(row["scored_at"]),
            )
            for row in rows
        ]


def _call_fields(call: Call) -> dict[str, Any]:
    settings = call.settings
    return {
        "id": call.id,
        "scope_kind": call.scope.kind,
        "scope_id": call.scope.id,
        "state": call.state.value,
        "titles": dict(settings.titles),
        "descriptions": dict(settings.descriptions),
        "opens_at": settings.opens_at,
        "closes_at": settings.closes_at,
        "time_zone": settings.time_zone,
        "eligibility": settings.eligibility.as_data(),
        "form": settings.form.as_data(),
        "grid": settings.grid.as_data(),
        "fee_cents": settings.fee_cents,
        "created_by": call.created_by,
        "created_at": call.created_at,
        "updated_at": call.updated_at,
    }


def _call(row: dict[str, Any]) -> Call:
    eligibility = as_json(row["eligibility"]) or {}
    settings = CallSettings(
        titles=parse_texts(as_json(row["titles"]), 10_000),
        descriptions=parse_texts(as_json(row["descriptions"]), 100_000, required=False),
        opens_at=as_utc(row["opens_at"]),
        closes_at=as_utc(row["closes_at"]),
        time_zone=row["time_zone"],
        eligibility=Eligibility(
            disciplines=frozenset(eligibility.get("disciplines", [])),
            applicant_kinds=frozenset(eligibility.get("applicant_kinds", [])),
            max_submissions=int(eligibility.get("max_submissions", 1)),
        ),
        form=parse_form(as_json(row["form"]) or None),
        grid=parse_grid(as_json(row["grid"]) or None),
        fee_cents=row["fee_cents"],
    )
    return Call(
        id=as_uuid(row["id"]),
        scope=OwnerScope(row["scope_kind"], row["scope_id"]),
        settings=settings,
        state=CallState(row["state"]),
        created_by=as_uuid(row["created_by"]),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
    )


def _submission_fields(submission: Submission) -> dict[str, Any]:
    return {
        "id": submission.id,
        "call": submission.call_id,
        "applicant": submission.applicant_id,
        "organisation_id": submission.organisation_id,
        "state": submission.state.value,
        "answers": submission.answers,
        "created_at": submission.created_at,
        "updated_at": submission.updated_at,
        "submitted_at": submission.submitted_at,
        "decision": submission.decision.value if submission.decision else None,
        "decided_at": submission.decided_at,
    }


def _submission(row: dict[str, Any]) -> Submission:
    organisation = row["organisation_id"]
    return Submission(
        id=as_uuid(row["id"]),
        call_id=as_uuid(row["call"]),
        applicant_id=as_uuid(row["applicant"]),
        organisation_id=as_uuid(organisation) if organisation else None,
        state=SubmissionState(row["state"]),
        answers=dict(as_json(row["answers"]) or {}),
        created_at=as_utc(row["created_at"]),
        updated_at=as_utc(row["updated_at"]),
        submitted_at=as_utc(row["submitted_at"]) if row["submitted_at"] else None,
        decision=Decision(row["decision"]) if row["decision"] else None,
        decided_at=as_utc(row["decided_at"]) if row["decided_at"] else None,
    )


def _person(row: dict[str, Any]) -> Person:
    return Person(
        id=as_uuid(row["id"]),
        email=row["email"],
        display_name=row["display_name"],
        language=row["language"] or "fr",
    )


def _file(row: dict[str, Any]) -> AttachedFile:
    return AttachedFile(
        id=as_uuid(row["id"]),
        submission_id=as_uuid(row["submission"]),
        sha256=row["sha256"],
        content_type=row["content_type"],
        filename=row["filename"],
        size=row["size"],
    )
