"""Adapters for accepted entries: the calls' submissions and the organisations' kinds."""

from __future__ import annotations

from uuid import UUID

from accounts.organisations.domain import OrganisationKind, PartnerKind
from accounts.organisations.repository import OrganisationRepository
from calls.repository import CallRepository
from marketplace.markets.stand import ExhibitorKind


class SubmissionApplicants:
    def __init__(self, calls: CallRepository, organisations: OrganisationRepository) -> None:
        self._calls = calls
        self._organisations = organisations

    async def acted_as(self, submission_id: UUID) -> UUID | None:
        submission = await self._calls.submission(submission_id)
        return submission.organisation_id if submission else None

    async def exhibitor_kind(self, organisation_id: UUID) -> ExhibitorKind:
        organisation = await self._organisations.get(organisation_id)
        if organisation is None:
            return ExhibitorKind.INSTITUTION
        if organisation.details.partner_kind is PartnerKind.LABEL:
            return ExhibitorKind.LABEL
        if organisation.details.kind is OrganisationKind.CULTURAL_COMPANY:
            return ExhibitorKind.PRODUCTION_COMPANY
        return ExhibitorKind.INSTITUTION
