"""Reviewing a call's submissions: a reviewer's assignments, conflicts of interest, scores.

Only the people named on a call review it; to anyone else its submissions do not exist (404).
A reviewer who declares a conflict of interest with a submission no longer scores it (403
`conflict_of_interest`), and a score they gave before is dropped. Reviewers see the answers,
not the applicant's name or address: the grid judges the work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from calls.domain import Call, Submission, SubmissionState
from calls.errors import CallError
from calls.repository import Score
from calls.review import check_comment
from calls.service import CallService
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound

MAX_REASON = 1_000


@dataclass(frozen=True)
class Assignment:
    """One submission to review: the reviewer's own score and conflict with it."""

    call: Call
    submission: Submission
    score: Score | None
    conflict: bool


class ReviewService:
    def __init__(self, calls: CallService) -> None:
        self._calls = calls
        self._repo = calls.repository

    async def assignments(self, who: Principal, call_id: UUID | None = None) -> list[Assignment]:
        """The submitted submissions of the calls the person reviews (one call if given)."""
        call_ids = await self._repo.calls_reviewed_by(who.user_id)
        if call_id is not None:
            if call_id not in call_ids:
                raise NotFound(CallError.NOT_FOUND)
            call_ids = [call_id]
        calls = await self._repo.by_ids(call_ids)
        found: list[Assignment] = []
        for call in sorted(calls.values(), key=lambda c: c.closes_at):
            submissions = await self._repo.submissions_of_call(call.id)
            ids = [s.id for s in submissions]
            conflicts = await self._repo.conflicts_of(who.user_id, ids)
            scores = {
                s.submission_id: s
                for s in await self._repo.scores(ids)
                if s.reviewer_id == who.user_id
            }
            found.extend(
                Assignment(call, s, scores.get(s.id), s.id in conflicts) for s in submissions
            )
        return found

    async def call_assignments(
        self, who: Principal, call_id: UUID
    ) -> tuple[Call, list[Assignment]]:
        """One call's assignments, for its reviewers only (404 for anyone else)."""
        assignments = await self.assignments(who, call_id)
        call = await self._repo.get(call_id)
        if call is None:
            raise NotFound(CallError.NOT_FOUND)
        return call, assignments

    async def declare_conflict(self, who: Principal, submission_id: UUID, reason: Any) -> None:
        if reason is not None and (not isinstance(reason, str) or len(reason) > MAX_REASON):
            raise InvalidInput(CallError.INVALID_COMMENT, max=MAX_REASON)
        async with self._calls.unit_of_work():
            _, submission = await self._reviewed(who, submission_id)
            await self._repo.declare_conflict(
                submission.id, who.user_id, (reason or "").strip(), self._calls.now()
            )

    async def score(self, who: Principal, submission_id: UUID, marks: Any, comment: Any) -> Score:
        async with self._calls.unit_of_work():
            call, submission = await self._reviewed(who, submission_id)
            if await self._repo.has_conflict(submission.id, who.user_id):
                raise Forbidden(CallError.CONFLICT_OF_INTEREST)
            score = Score(
                submission_id=submission.id,
                reviewer_id=who.user_id,
                marks=call.settings.grid.check_marks(marks),
                comment=check_comment(comment),
                scored_at=self._calls.now(),
            )
            await self._repo.save_score(score)
        return score

    async def _reviewed(self, who: Principal, submission_id: UUID) -> tuple[Call, Submission]:
        """The submission, for a reviewer of its call; not found for everyone else."""
        submission = await self._repo.submission(submission_id)
        if submission is None or not await self._repo.is_reviewer(submission.call_id, who.user_id):
            raise NotFound(CallError.SUBMISSION_NOT_FOUND)
        if submission.state is not SubmissionState.SUBMITTED:
            raise Conflict(CallError.NOT_SUBMITTED)
        call = await self._repo.get(submission.call_id)
        if call is None:
            raise NotFound(CallError.SUBMISSION_NOT_FOUND)
        return call, submission
