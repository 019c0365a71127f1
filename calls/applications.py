"""Applying to a call: a draft, its files, sending it, and one's own submissions.

A submission is its applicant's alone: anyone else asking for it is told it does not exist
(404), like a work that names someone else's catalogue. Nothing is started, changed or sent
after the deadline (409 `call_closed`), whatever the call's state says yet.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from accounts.domain import Principal
from calls.domain import PERSON, Call, Submission, SubmissionState
from calls.errors import CallError
from calls.fees import EntryFeeService, FeeRecord
from calls.files import CheckedFile, check_file
from calls.forms import AnswerValue, check_answers, named_works
from calls.notifications import SUBMITTED
from calls.ports import ApplicantWork, ApplicantWorks
from calls.repository import AttachedFile
from calls.service import MY_SUBMISSIONS_PATH, CallService
from calls.texts import in_language
from infra.errors import Conflict, InvalidInput, NotFound
from infra.ids import new_id
from infra.notifications import Notifier

MAX_FILES = 10


@dataclass(frozen=True)
class Applicant:
    """Who applies: the person, and the organisation they act as (None: as themselves)."""

    who: Principal
    organisation_id: UUID | None = None
    organisation_kind: str | None = None

    @property
    def kind(self) -> str:
        return self.organisation_kind or PERSON


@dataclass(frozen=True)
class MySubmission:
    submission: Submission
    call: Call
    fee: FeeRecord | None = None  # how its entry fee was settled, if it was


class ApplicationService:
    def __init__(self, calls: CallService, fees: EntryFeeService) -> None:
        self._calls = calls
        self._repo = calls.repository
        self._fees = fees

    def _works(self) -> ApplicantWorks:
        return self._calls.services.get(ApplicantWorks)  # type: ignore[type-abstract]

    async def works_to_enter(self, who: Principal) -> list[ApplicantWork]:
        return await self._works().works_of(who.user_id)

    async def start(
        self,
        applicant: Applicant,
        call_id: UUID,
        answers: Any,
        *,
        submit: bool = False,
        files: Mapping[str, tuple[str, bytes]] | None = None,
    ) -> Submission:
        """A new draft (sent at once when `submit`), counted against the call's limit.

        `files` (a page's form: question key → name and content) are attached and answer their
        questions in the same transaction, so a refusal anywhere keeps nothing."""
        checked = {
            key: (check_file(name, content), content)
            for key, (name, content) in (files or {}).items()
        }
        async with self._calls.unit_of_work() as uow:
            call = await self._calls.access.visible(applicant.who, call_id)
            now = self._calls.now()
            call.check_accepting(now)
            eligibility = call.settings.eligibility
            eligibility.check_applicant(applicant.kind)
            # A withdrawn submission (its fee refunded) no longer counts against the limit.
            mine = [
                s
                for s in await self._repo.submissions_of(applicant.who.user_id, call.id)
                if s.state is not SubmissionState.WITHDRAWN
            ]
            if len(mine) >= eligibility.max_submissions:
                raise Conflict(CallError.TOO_MANY_SUBMISSIONS, max=eligibility.max_submissions)
            kept = await self._checked(applicant.who, call, answers, complete=False, files=())
            submission = Submission.start(
                call.id, applicant.who.user_id, applicant.organisation_id, kept, now
            )
            await self._repo.add_submission(submission)
            attached = {}
            for key, (file, content) in checked.items():
                stored = _attached(submission.id, file, content)
                await self._repo.add_file(stored, content, now)
                attached[key] = str(stored.id)
            answers_with_files = {**submission.answers, **attached}
            submission.answers = await self._checked(
                applicant.who, call, answers_with_files, complete=submit, files=attached.values()
            )
            if submit:
                await self._send(call, submission, applicant.who)
            else:
                await self._repo.save_submission(submission)
            uow.track(submission)
        return submission

    async def mine(self, who: Principal) -> list[MySubmission]:
        submissions = await self._repo.submissions_of(who.user_id)
        calls = await self._repo.by_ids({s.call_id for s in submissions})
        return [MySubmission(s, calls[s.call_id]) for s in submissions if s.call_id in calls]

    async def get(self, who: Principal, submission_id: UUID) -> MySubmission:
        submission = await self._repo.submission(submission_id)
        if submission is None or submission.applicant_id != who.user_id:
            raise NotFound(CallError.SUBMISSION_NOT_FOUND)
        call = await self._repo.get(submission.call_id)
        if call is None:
            raise NotFound(CallError.SUBMISSION_NOT_FOUND)
        return MySubmission(submission, call, await self._fees.record(submission.id))

    async def change(self, who: Principal, submission_id: UUID, answers: Any) -> Submission:
        async with self._calls.unit_of_work() as uow:
            found = await self.get(who, submission_id)
            found.call.check_accepting(self._calls.now())
            files = {str(f.id) for f in await self._repo.files(submission_id)}
            kept = await self._checked(who, found.call, answers, complete=False, files=files)
            found.submission.change(kept, self._calls.now())
            await self._repo.save_submission(found.submission)
            uow.track(found.submission)
        return found.submission

    async def submit(self, who: Principal, submission_id: UUID) -> Submission:
        async with self._calls.unit_of_work() as uow:
            found = await self.get(who, submission_id)
            found.call.check_accepting(self._calls.now())
            files = {str(f.id) for f in await self._repo.files(submission_id)}
            submission = found.submission
            # The answers are checked again, complete: a work may have left the catalogue since.
            await self._checked(who, found.call, submission.answers, complete=True, files=files)
            await self._send(found.call, submission, who)
            uow.track(submission)
        return submission

    async def attach(
        self, who: Principal, submission_id: UUID, filename: str, content: bytes
    ) -> AttachedFile:
        checked = check_file(filename, content)
        async with self._calls.unit_of_work():
            found = await self.get(who, submission_id)
            found.call.check_accepting(self._calls.now())
            if found.submission.state.value != "draft":
                raise Conflict(CallError.ALREADY_SUBMITTED)
            if len(await self._repo.files(submission_id)) >= MAX_FILES:
                raise InvalidInput(CallError.TOO_MANY_FILES, max=MAX_FILES)
            attached = _attached(submission_id, checked, content)
            await self._repo.add_file(attached, content, self._calls.now())
        return attached

    async def files(self, who: Principal, submission_id: UUID) -> list[AttachedFile]:
        await self.get(who, submission_id)
        return await self._repo.files(submission_id)

    # Helpers ---------------------------------------------------------------------------------

    async def _checked(
        self, who: Principal, call: Call, answers: Any, *, complete: bool, files: Any
    ) -> dict[str, AnswerValue]:
        form = call.settings.form
        kept = check_answers(form, answers, complete=complete, file_ids=files)
        disciplines = []
        for work_id in named_works(form, kept):
            work = await self._works().work_of(who.user_id, work_id)
            if work is None:
                # Someone else's work (or none): not found, as the catalogue answers elsewhere.
                raise NotFound(CallError.WORK_NOT_FOUND)
            disciplines.append(work.discipline)
        call.settings.eligibility.check_disciplines(disciplines)
        return kept

    async def _send(self, call: Call, submission: Submission, who: Principal) -> None:
        if call.settings.fee_cents and not await self._fees.settled(submission.id):
            raise Conflict(CallError.FEE_UNPAID)
        submission.submit(
            call, named_works(call.settings.form, submission.answers), self._calls.now()
        )
        await self._repo.save_submission(submission)
        notifier = self._calls.services.get(Notifier)  # type: ignore[type-abstract]
        await notifier.notify(
            SUBMITTED,
            who.user_id,
            key=str(submission.id),
            params={"call": in_language(call.settings.titles, who.language)},
            link=MY_SUBMISSIONS_PATH,
        )


def _attached(submission_id: UUID, file: CheckedFile, content: bytes) -> AttachedFile:
    return AttachedFile(
        id=new_id(),
        submission_id=submission_id,
        sha256=hashlib.sha256(content).hexdigest(),
        content_type=file.content_type,
        filename=file.filename,
        size=len(content),
    )
