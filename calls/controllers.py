"""The calls API: open calls for everyone; calls for their managers; submissions for their
applicants; assignments and scores for reviewers.

Reading an open call needs no account; everything else needs a signed-in caller, and each
service checks the object is the caller's (another person's submission is a 404).
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.auth import provide_principal, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.organisations.acting import acting_organisation
from calls.applications import Applicant, ApplicationService
from calls.domain import OwnerScope
from calls.fees import EntryFeeService, fee_state
from calls.files import MAX_FILE_BYTES
from calls.ports import ApplicantWorks
from calls.reviewing import ReviewService
from calls.schemas import (
    AnswersIn,
    AssignmentOut,
    CallIn,
    CallOut,
    ConflictIn,
    DecisionsIn,
    FeeOut,
    FeeWaiverIn,
    FeeWaiverOut,
    FileOut,
    MySubmissionOut,
    NewCallIn,
    PersonOut,
    RankedOut,
    ReviewerIn,
    ScoreIn,
    ScoreOut,
    SubmissionIn,
    SubmissionOut,
    call_out,
    file_out,
    parse_decisions,
    parse_settings,
    person_out,
    ranked_out,
    score_out,
    submission_out,
)
from calls.service import CallService
from infra.http.dependencies import provide_service

CALL = "/{call_id:uuid}"
SUBMISSION = "/{submission_id:uuid}"
# Calls opened without a module of their own (staff's platform-wide calls).
PLATFORM_SCOPE = OwnerScope("platform", "lakou")


def _disciplines(calls: CallService) -> frozenset[str]:
    return calls.services.get(ApplicantWorks).disciplines()  # type: ignore[type-abstract]


class CallController(Controller):
    """Anyone reads open calls; managers shape, open, close and decide; applicants start and
    send submissions (each of those routes declares that it needs a signed-in caller)."""

    path = "/api/calls"
    tags = ["calls"]
    dependencies = {
        "calls": provide_service(CallService),
        "applications": provide_service(ApplicationService),
        "fees": provide_service(EntryFeeService),
        "me": Provide(provide_user),
        "who": Provide(provide_principal),
    }

    @get("/")
    async def open_calls(
        self,
        calls: NamedDependency[CallService],
        scope_kind: Annotated[str | None, Parameter(max_length=30)] = None,
        scope_id: Annotated[str | None, Parameter(max_length=64)] = None,
    ) -> list[CallOut]:
        """Calls taking submissions now, the nearest deadline first (of one scope if given)."""
        scope = OwnerScope.parse(scope_kind, scope_id) if scope_kind else None
        now = calls.now()
        return [call_out(call, now) for call in await calls.open_calls(scope)]

    @get(CALL)
    async def get_one(
        self,
        call_id: FromPath[UUID],
        who: NamedDependency[Principal | None],
        calls: NamedDependency[CallService],
    ) -> CallOut:
        """An open, closed or decided call; a draft only for its managers."""
        return call_out(await calls.get(who, call_id), calls.now())

    @post("/", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def create(
        self,
        data: JSONBody[NewCallIn],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> CallOut:
        """A draft call of `scope` (`{"kind": "market", "id": …}`; staff's own calls without
        one), for the people the scope's module says manage it."""
        scope = OwnerScope.parse(data.scope.kind, data.scope.id) if data.scope else PLATFORM_SCOPE
        call = await calls.create(me, scope, parse_settings(data, _disciplines(calls)))
        return call_out(call, calls.now())

    @patch(CALL, guards=[requires_user])
    async def edit(
        self,
        call_id: FromPath[UUID],
        data: JSONBody[CallIn],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> CallOut:
        """A draft changes freely; an open call only its texts and deadline (409 otherwise)."""
        call = await calls.edit(me, call_id, parse_settings(data, _disciplines(calls)))
        return call_out(call, calls.now())

    @post(CALL + "/open", status_code=HTTP_200_OK, guards=[requires_user])
    async def open(
        self,
        call_id: FromPath[UUID],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> CallOut:
        return call_out(await calls.open(me, call_id), calls.now())

    @post(CALL + "/close", status_code=HTTP_200_OK, guards=[requires_user])
    async def close(
        self,
        call_id: FromPath[UUID],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> CallOut:
        """Close before the deadline (the deadline becomes now)."""
        return call_out(await calls.close(me, call_id), calls.now())

    @get(CALL + "/reviewers", guards=[requires_user])
    async def reviewers(
        self,
        call_id: FromPath[UUID],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> list[PersonOut]:
        return [person_out(p) for p in await calls.reviewers(me, call_id)]

    @post(CALL + "/reviewers", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def add_reviewer(
        self,
        call_id: FromPath[UUID],
        data: JSONBody[ReviewerIn],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> PersonOut:
        """Name a reviewer by their account's address (naming them again changes nothing)."""
        return person_out(await calls.add_reviewer(me, call_id, data.email))

    @get(CALL + "/submissions", guards=[requires_user])
    async def ranked(
        self,
        call_id: FromPath[UUID],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> list[RankedOut]:
        """The sent submissions, best mean score first, with their applicants."""
        _, ranked = await calls.ranked(me, call_id)
        return [ranked_out(position, item) for position, item in enumerate(ranked, start=1)]

    @post(CALL + "/decisions", status_code=HTTP_200_OK, guards=[requires_user])
    async def decide(
        self,
        call_id: FromPath[UUID],
        data: JSONBody[DecisionsIn],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> list[SubmissionOut]:
        """`{"decisions": [{"submission_id": …, "decision": "accepted" | "declined" |
        "waitlisted"}]}`, once the call is closed: all or none, each applicant told."""
        decided = await calls.decide(me, call_id, parse_decisions(data))
        return [submission_out(s) for s in decided]

    @post(CALL + "/fee-waivers", status_code=HTTP_200_OK, guards=[requires_user])
    async def waive_fee(
        self,
        call_id: FromPath[UUID],
        data: JSONBody[FeeWaiverIn],
        me: NamedDependency[Principal],
        fees: NamedDependency[EntryFeeService],
    ) -> FeeWaiverOut:
        """The call's managers waive the fee of a named applicant (by their account's address)
        for the drafts they have started; the waiver keeps who gave it, when and why."""
        return FeeWaiverOut(await fees.waive(me, call_id, data.email, data.note))

    @post(CALL + "/submissions", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def start(
        self,
        request: Request[Any, Any, Any],
        call_id: FromPath[UUID],
        data: JSONBody[SubmissionIn],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
    ) -> SubmissionOut:
        """Start a submission (a draft; sent at once with `"submit": true`), as oneself or as
        the organisation named in `X-Lakou-Organisation`. After the deadline: 409 `call_closed`."""
        acting = await acting_organisation(request)
        applicant = Applicant(
            me,
            acting.id if acting else None,
            acting.kind.value if acting else None,
        )
        submission = await applications.start(applicant, call_id, data.answers, submit=data.submit)
        return submission_out(submission)


class SubmissionController(Controller):
    """An applicant's own submissions; reviewers' conflicts and scores."""

    path = "/api/call-submissions"
    tags = ["calls"]
    guards = [requires_user]
    dependencies = {
        "applications": provide_service(ApplicationService),
        "reviews": provide_service(ReviewService),
        "fees": provide_service(EntryFeeService),
        "me": Provide(provide_user),
    }

    @get("/")
    async def mine(
        self, me: NamedDependency[Principal], applications: NamedDependency[ApplicationService]
    ) -> list[MySubmissionOut]:
        return [
            MySubmissionOut(
                submission_out(m.submission), dict(m.call.settings.titles), m.call.closes_at
            )
            for m in await applications.mine(me)
        ]

    @get(SUBMISSION)
    async def get_one(
        self,
        submission_id: FromPath[UUID],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
    ) -> SubmissionOut:
        return submission_out((await applications.get(me, submission_id)).submission)

    @get(SUBMISSION + "/fee")
    async def fee(
        self,
        submission_id: FromPath[UUID],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
        fees: NamedDependency[EntryFeeService],
    ) -> FeeOut:
        """The submission's entry fee (EUR): paid through the cart and checkout."""
        found = await applications.get(me, submission_id)
        return FeeOut(
            amount_cents=found.call.settings.fee_cents,
            currency="EUR",
            state=fee_state(found.call, found.fee),
            item_kind=fees.fees().item_kind,
            item_id=found.submission.id,
        )

    @put(SUBMISSION)
    async def change(
        self,
        submission_id: FromPath[UUID],
        data: JSONBody[AnswersIn],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
    ) -> SubmissionOut:
        return submission_out(await applications.change(me, submission_id, data.answers))

    @post(SUBMISSION + "/submit", status_code=HTTP_200_OK)
    async def submit(
        self,
        submission_id: FromPath[UUID],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
    ) -> SubmissionOut:
        """Send the draft: every required question answered, before the deadline; a receipt
        is mailed."""
        return submission_out(await applications.submit(me, submission_id))

    @post(SUBMISSION + "/files", status_code=HTTP_201_CREATED, request_max_body_size=MAX_FILE_BYTES)
    async def attach(
        self,
        request: Request[Any, Any, Any],
        submission_id: FromPath[UUID],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
        filename: Annotated[str, Parameter(max_length=300)] = "fichier",
    ) -> FileOut:
        """A file for a file question, as the raw body (PDF, PNG or JPEG, 10 MB at most); the
        answer then names its id."""
        content = await request.body()
        return file_out(await applications.attach(me, submission_id, filename, content))

    @post(SUBMISSION + "/conflict", status_code=HTTP_204_NO_CONTENT)
    async def declare_conflict(
        self,
        submission_id: FromPath[UUID],
        data: JSONBody[ConflictIn],
        me: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
    ) -> None:
        """A reviewer declares a conflict of interest: they no longer score this submission."""
        await reviews.declare_conflict(me, submission_id, data.reason)

    @put(SUBMISSION + "/score")
    async def score(
        self,
        submission_id: FromPath[UUID],
        data: JSONBody[ScoreIn],
        me: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
    ) -> ScoreOut:
        """A reviewer's marks, one per criterion of the grid (403 after declaring a conflict)."""
        return score_out(await reviews.score(me, submission_id, data.marks, data.comment))


class ReviewController(Controller):
    path = "/api/call-reviews"
    tags = ["calls"]
    guards = [requires_user]
    dependencies = {"reviews": provide_service(ReviewService), "me": Provide(provide_user)}

    @get("/")
    async def assignments(
        self, me: NamedDependency[Principal], reviews: NamedDependency[ReviewService]
    ) -> list[AssignmentOut]:
        """The sent submissions of every call the caller reviews, with their own scores."""
        return [
            AssignmentOut(
                call_id=a.call.id,
                submission=submission_out(a.submission),
                conflict=a.conflict,
                score=score_out(a.score) if a.score else None,
            )
            for a in await reviews.assignments(me)
        ]
