"""Entry fees: a submission of a call with a fee stays a draft until its fee is settled.

The fee is sold through the orders' cart and checkout (lakou/call_fees.py adapts this service
to the `Sellable` port, kind `calls.entry_fee`): the item is "the fee of this submission", only
its applicant may buy it, while the submission is a draft of a call taking submissions. Its
seller is the account the scope's module names (`EntryFees.payee`). Settled means paid (by an
order, recorded once however often the settlement runs) or waived by the call's managers.

A full refund of the paying order withdraws the submission unless it was decided: decisions
stand, and whether to refund after them is the seller's and staff's call (docs/decisions.md).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from uuid import UUID

from accounts.domain import Principal
from calls.domain import Call, Submission, SubmissionState
from calls.errors import CallError
from calls.notifications import FEE_PAID
from calls.ports import EntryFees
from calls.texts import in_language
from infra.errors import Conflict, NotFound
from infra.notifications import Notifier

if TYPE_CHECKING:
    from calls.fee_repository import FeeRepository
    from calls.service import CallService

log = logging.getLogger("lakou.calls")
MAX_ITEMS = 50
MAX_NOTE = 500


class FeeState(StrEnum):
    PAID = "paid"
    REFUNDED = "refunded"
    WAIVED = "waived"


@dataclass(frozen=True)
class FeeRecord:
    submission_id: UUID
    call_id: UUID
    state: FeeState
    amount_cents: int
    order_id: UUID | None  # the order that paid it (None: waived)
    by: UUID  # the buyer, or the manager who waived it
    note: str
    settled_at: datetime

    @property
    def settled(self) -> bool:
        return self.state in (FeeState.PAID, FeeState.WAIVED)


@dataclass(frozen=True)
class FeeDue:
    """A submission's fee as the checkout sells it."""

    submission: Submission
    call: Call
    payee_id: UUID
    payable: bool  # a draft of a call taking submissions, its fee not settled yet


def fee_owed(call: Call, record: FeeRecord | None) -> bool:
    return call.settings.fee_cents > 0 and not (record is not None and record.settled)


def fee_state(call: Call, record: FeeRecord | None) -> str:
    """ "none" (a free call), "unpaid", or the record's state (paid, refunded, waived)."""
    if record is not None:
        return record.state.value
    return "unpaid" if call.settings.fee_cents else "none"


class EntryFeeService:
    def __init__(self, calls: CallService, repository: FeeRepository) -> None:
        self._calls = calls
        self._repo = repository

    def fees(self) -> EntryFees:
        return self._calls.services.get(EntryFees)

    def now(self) -> datetime:
        return self._calls.now()

    async def record(self, submission_id: UUID) -> FeeRecord | None:
        return await self._repo.of(submission_id)

    async def settled(self, submission_id: UUID) -> bool:
        record = await self._repo.of(submission_id)
        return record is not None and record.settled

    async def dues(self, submission_ids: Sequence[UUID]) -> dict[UUID, FeeDue]:
        """The submissions among `submission_ids` whose call has a fee someone receives."""
        wanted = list(dict.fromkeys(submission_ids))[:MAX_ITEMS]
        records = await self._repo.of_many(wanted)
        calls = self._calls.repository
        now = self._calls.now()
        found: dict[UUID, FeeDue] = {}
        for submission_id in wanted:
            submission = await calls.submission(submission_id)
            call = await calls.get(submission.call_id) if submission else None
            if submission is None or call is None or not call.settings.fee_cents:
                continue
            payee = await self.fees().payee(call.scope)
            if payee is None:
                continue
            payable = (
                submission.state is SubmissionState.DRAFT
                and call.accepts_submissions(now)
                and fee_owed(call, records.get(submission_id))
            )
            found[submission_id] = FeeDue(submission, call, payee, payable)
        return found

    async def paid(self, submission_id: UUID, buyer_id: UUID, order_id: UUID) -> None:
        """The fee's order is paid. Runs in the settlement's transaction, perhaps more than
        once: the first order recorded stays the payment (a second one is left to a refund)."""
        submission = await self._calls.repository.submission(submission_id)
        if submission is None:
            log.warning("order %s paid the fee of unknown submission %s", order_id, submission_id)
            return
        call = await self._calls.repository.get(submission.call_id)
        assert call is not None  # a submission's call is deleted with it
        record = FeeRecord(
            submission_id=submission.id,
            call_id=call.id,
            state=FeeState.PAID,
            amount_cents=call.settings.fee_cents,
            order_id=order_id,
            by=buyer_id,
            note="",
            settled_at=self._calls.now(),
        )
        if not await self._repo.add(record):
            log.info("fee of submission %s already settled (order %s)", submission_id, order_id)
            return
        await self._tell_payee(call, submission)

    async def _tell_payee(self, call: Call, submission: Submission) -> None:
        """The payee's sale notice, in the settlement's transaction (told once per submission)."""
        payee = await self.fees().payee(call.scope)
        if payee is None:
            return
        people = await self._calls.repository.people({payee, submission.applicant_id})
        applicant = people.get(submission.applicant_id)
        language = person.language if (person := people.get(payee)) else "fr"
        notifier = self._calls.services.get(Notifier)  # type: ignore[type-abstract]
        await notifier.notify(
            FEE_PAID,
            payee,
            key=str(submission.id),
            params={
                "call": in_language(call.settings.titles, language),
                "applicant": applicant.display_name if applicant else "",
                "amount_cents": call.settings.fee_cents,
            },
            link=f"/appels/{call.id}/gestion",
        )

    async def refunded(self, submission_id: UUID, order_id: UUID) -> None:
        """The order that paid the fee was fully refunded: the fee is no longer paid, and an
        undecided submission is withdrawn (a decided one keeps its decision)."""
        now = self._calls.now()
        if not await self._repo.refund(submission_id, order_id, now):
            return  # not the order that paid it, or already refunded
        submission = await self._calls.repository.submission(submission_id)
        if submission is not None and submission.withdraw(now):
            await self._calls.repository.save_submission(submission)

    async def waive(self, who: Principal, call_id: UUID, email: str, note: str) -> list[UUID]:
        """The call's managers waive the fee of a named applicant's drafts of this call."""
        async with self._calls.unit_of_work():
            call = await self._calls.access.managed(who, call_id)
            if not call.settings.fee_cents:
                raise Conflict(CallError.NO_FEE)
            person = await self._calls.repository.person_by_email(email[:254])
            drafts = (
                [
                    s
                    for s in await self._calls.repository.submissions_of(person.id, call.id)
                    if s.state is SubmissionState.DRAFT
                ]
                if person
                else []
            )
            if not drafts:
                raise NotFound(CallError.SUBMISSION_NOT_FOUND)
            waived = []
            for draft in drafts:
                record = FeeRecord(
                    submission_id=draft.id,
                    call_id=call.id,
                    state=FeeState.WAIVED,
                    amount_cents=0,
                    order_id=None,
                    by=who.user_id,
                    note=note[:MAX_NOTE],
                    settled_at=self._calls.now(),
                )
                if await self._repo.add(record):
                    waived.append(draft.id)
        return waived
