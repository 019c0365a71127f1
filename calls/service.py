"""Calls for their managers and for everyone: create, shape, open, close, name reviewers, see
the ranked submissions, decide in bulk; and the open calls anyone may read.

This is the module's public API: a module that opens calls (markets, later mutualisation and
incubation) calls `CallService.create(who, OwnerScope("market", str(market.id)), settings)`
and registers, through `CallScopes`, who manages the calls of its scope kind.

Who may manage a call is asked of `CallScopes` for the call's scope; a draft is hidden (404)
from everyone else, an open call is visible to all but refused (403) to non-managers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from accounts.domain import Principal
from calls.domain import Call, CallSettings, CallState, Decision, OwnerScope, Submission
from calls.errors import CallError
from calls.forms import named_works
from calls.notifications import DECIDED
from calls.ports import CallScopes, EntryFees
from calls.repository import CallRepository, Person
from calls.review import Standing, rank
from calls.texts import in_language
from infra.db.unit_of_work import UnitOfWork
from infra.errors import Forbidden, InvalidInput, NotFound
from infra.notifications import Notifier
from infra.services import Services

Clock = Callable[[], datetime]
MAX_BULK = 500


def _utc_now() -> datetime:
    return datetime.now(UTC)


def call_path(call_id: UUID) -> str:
    return f"/appels/{call_id}"


MY_SUBMISSIONS_PATH = "/appels/candidatures"


def submission_path(submission_id: UUID) -> str:
    return f"{MY_SUBMISSIONS_PATH}/{submission_id}"


@dataclass(frozen=True)
class RankedSubmission:
    submission: Submission
    applicant: Person | None
    standing: Standing
    conflicts: int  # reviewers who declared one


class CallAccess:
    """Finding a call as a given person may see or manage it (shared by the services)."""

    def __init__(self, repository: CallRepository, scopes: CallScopes) -> None:
        self._repo = repository
        self._scopes = scopes

    async def visible(self, who: Principal | None, call_id: UUID) -> Call:
        call = await self._repo.get(call_id)
        if call is None:
            raise NotFound(CallError.NOT_FOUND)
        if call.state is CallState.DRAFT and not (
            who is not None and await self._scopes.may_manage(who, call.scope)
        ):
            raise NotFound(CallError.NOT_FOUND)
        return call

    async def may_manage(self, who: Principal, call: Call) -> bool:
        return await self._scopes.may_manage(who, call.scope)

    async def managed(self, who: Principal, call_id: UUID, *, for_update: bool = False) -> Call:
        call = await self._repo.get(call_id, for_update=for_update)
        if call is None:
            raise NotFound(CallError.NOT_FOUND)
        if not await self._scopes.may_manage(who, call.scope):
            if call.state is CallState.DRAFT:
                raise NotFound(CallError.NOT_FOUND)
            raise Forbidden(CallError.NOT_MANAGER)
        return call


class CallService:
    def __init__(
        self,
        repository: CallRepository,
        unit_of_work: Callable[[], UnitOfWork],
        scopes: CallScopes,
        services: Services,
        clock: Clock = _utc_now,
    ) -> None:
        # The notifier is looked up when used: its module may be wired after this one.
        self._repo = repository
        self.unit_of_work = unit_of_work
        self.services = services
        self._now = clock
        self.scopes = scopes
        self.access = CallAccess(repository, scopes)

    @property
    def repository(self) -> CallRepository:
        return self._repo

    def now(self) -> datetime:
        return self._now()

    # Everyone --------------------------------------------------------------------------------

    async def open_calls(self, scope: OwnerScope | None = None) -> list[Call]:
        """Calls taking submissions now, the nearest deadline first."""
        now = self._now()
        calls = await self._repo.listing(scope, (CallState.OPEN,))
        return [call for call in calls if call.accepts_submissions(now)]

    async def get(self, who: Principal | None, call_id: UUID) -> Call:
        return await self.access.visible(who, call_id)

    async def may_manage(self, who: Principal | None, call: Call) -> bool:
        return who is not None and await self.access.may_manage(who, call)

    # Managers ------------------------------------------------------------------------------

    async def create(self, who: Principal, scope: OwnerScope, settings: CallSettings) -> Call:
        """A draft call of `scope`, for the people who manage that scope."""
        if not await self.scopes.may_manage(who, scope):
            raise Forbidden(CallError.NOT_MANAGER)
        self._check_fee(scope, settings)
        async with self.unit_of_work() as uow:
            call = Call.create(scope, settings, who.user_id, self._now())
            await self._repo.add(call)
            uow.track(call)
        return call

    async def edit(self, who: Principal, call_id: UUID, settings: CallSettings) -> Call:
        async with self.unit_of_work() as uow:
            call = await self.access.managed(who, call_id, for_update=True)
            self._check_fee(call.scope, settings)
            call.edit(settings, self._now())
            await self._repo.save(call)
            uow.track(call)
        return call

    async def open(self, who: Principal, call_id: UUID) -> Call:
        async with self.unit_of_work() as uow:
            call = await self.access.managed(who, call_id, for_update=True)
            call.open(who.user_id, self._now())
            await self._repo.save(call)
            uow.track(call)
        return call

    async def close(self, who: Principal, call_id: UUID) -> Call:
        async with self.unit_of_work() as uow:
            call = await self.access.managed(who, call_id, for_update=True)
            call.close(who.user_id, self._now())
            await self._repo.save(call)
            uow.track(call)
        return call

    async def managed_calls(self, who: Principal, scope: OwnerScope) -> list[Call]:
        if not await self.scopes.may_manage(who, scope):
            raise Forbidden(CallError.NOT_MANAGER)
        return await self._repo.listing(scope, tuple(CallState))

    async def reviewers(self, who: Principal, call_id: UUID) -> list[Person]:
        await self.access.managed(who, call_id)
        return await self._repo.reviewers(call_id)

    async def add_reviewer(self, who: Principal, call_id: UUID, email: str) -> Person:
        """Name a person (by their account's address) to score the call's submissions."""
        async with self.unit_of_work():
            call = await self.access.managed(who, call_id)
            person = await self._repo.person_by_email(email[:254])
            if person is None:
                raise NotFound(CallError.REVIEWER_UNKNOWN)
            await self._repo.add_reviewer(call.id, person.id, who.user_id, self._now())
        return person

    async def ranked(self, who: Principal, call_id: UUID) -> tuple[Call, list[RankedSubmission]]:
        """The submitted submissions, best mean score first (unscored ones last)."""
        call = await self.access.managed(who, call_id)
        submissions = await self._repo.submissions_of_call(call.id)
        by_id = {s.id: s for s in submissions}
        scores = await self._repo.scores(list(by_id))
        grid = call.settings.grid
        standings = rank(
            [s.id for s in submissions], [(sc.submission_id, grid.score(sc.marks)) for sc in scores]
        )
        people = await self._repo.people({s.applicant_id for s in submissions})
        conflicts = await self._conflict_counts(list(by_id))
        return call, [
            RankedSubmission(
                submission=by_id[standing.submission_id],
                applicant=people.get(by_id[standing.submission_id].applicant_id),
                standing=standing,
                conflicts=conflicts.get(standing.submission_id, 0),
            )
            for standing in standings
        ]

    async def decide(
        self, who: Principal, call_id: UUID, decisions: Sequence[tuple[UUID, Decision]]
    ) -> list[Submission]:
        """Decide several submissions at once, in one transaction: every applicant whose
        decision changed is told (in that transaction), and each decision is an event."""
        if not decisions or len(decisions) > MAX_BULK:
            raise InvalidInput(CallError.INVALID_DECISION, decision="", allowed=_allowed())
        async with self.unit_of_work() as uow:
            call = await self.access.managed(who, call_id, for_update=True)
            now = self._now()
            call.check_deciding(who.user_id, now)
            notifier = self.services.get(Notifier)  # type: ignore[type-abstract]
            people = await self._repo.people(
                {s.applicant_id for s in await self._repo.submissions_of_call(call.id)}
            )
            changed: list[Submission] = []
            for submission_id, decision in decisions:
                submission = await self._repo.submission(submission_id)
                if submission is None or submission.call_id != call.id:
                    raise NotFound(CallError.SUBMISSION_NOT_FOUND)
                works = named_works(call.settings.form, submission.answers)
                if not submission.decide(call, decision, works, who.user_id, now):
                    continue
                await self._repo.save_submission(submission)
                uow.track(submission)
                changed.append(submission)
                person = people.get(submission.applicant_id)
                language = person.language if person else "fr"
                await notifier.notify(
                    DECIDED,
                    submission.applicant_id,
                    key=f"{submission.id}:{decision.value}",
                    params={
                        "call": in_language(call.settings.titles, language),
                        "decision": decision.value,
                    },
                    link=MY_SUBMISSIONS_PATH,
                )
            remaining = [
                s
                for s in await self._repo.submissions_of_call(call.id)
                if s.decision in (None, Decision.WAITLISTED)
            ]
            if not remaining:
                call.all_decided(who.user_id, now)
            await self._repo.save(call)
            uow.track(call)
        return changed

    # Helpers ---------------------------------------------------------------------------------

    def _check_fee(self, scope: OwnerScope, settings: CallSettings) -> None:
        # A fee needs someone selling it and someone receiving it: the scope's module names
        # the payee (docs/decisions.md, "Entry fees"); other calls stay free.
        if settings.fee_cents and not self.services.get(EntryFees).accepts(scope.kind):
            raise InvalidInput(CallError.FEES_UNAVAILABLE)

    async def _conflict_counts(self, submission_ids: list[UUID]) -> dict[UUID, int]:
        counts: dict[UUID, int] = {}
        for score_free in await self._repo.conflicted(submission_ids):
            counts[score_free] = counts.get(score_free, 0) + 1
        return counts


def _allowed() -> str:
    return ", ".join(decision.value for decision in Decision)
