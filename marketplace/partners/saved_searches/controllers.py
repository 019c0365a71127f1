"""The partner API's saved searches: read with `catalogue:read`, saved, changed and deleted
with `searches:write`. Another organisation's saved search: 404."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.apikeys.domain import Scope
from accounts.apikeys.partner_auth import PartnerCaller, provide_partner, requires_scope
from infra.http.dependencies import provide_service
from infra.http.openapi_errors import RATE_LIMITED_ROUTE
from marketplace.partners.saved_searches.schemas import (
    MatchOut,
    SavedSearchIn,
    SavedSearchOut,
    SavedSearchPatch,
    saved_search_out,
)
from marketplace.partners.saved_searches.service import SavedSearchService

ONE = "/{saved_search_id:uuid}"
READ = [requires_scope(Scope.CATALOGUE_READ)]
WRITE = [requires_scope(Scope.SEARCHES_WRITE)]


class PartnerSavedSearchController(Controller):
    path = "/api/partner/v1/saved-searches"
    tags = ["partner API"]
    dependencies = {
        "partner": Provide(provide_partner),
        "searches": provide_service(SavedSearchService),
    }
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @post("/", status_code=HTTP_201_CREATED, guards=WRITE)
    async def save(
        self,
        data: JSONBody[SavedSearchIn],
        partner: NamedDependency[PartnerCaller],
        searches: NamedDependency[SavedSearchService],
    ) -> SavedSearchOut:
        """Save a search (scope `searches:write`). From now on, each newly published public work
        that matches it — or that comes to match it when its rights are offered — is recorded
        once, the organisation's members are told, and its webhook endpoints subscribed to
        `saved_search.matched` receive the event. Bad parameters get the search API's codes."""
        creator = partner.key.created_by
        saved = await searches.create(partner.organisation_id, creator, data.request())
        return saved_search_out(saved)

    @get("/", guards=READ)
    async def listing(
        self, partner: NamedDependency[PartnerCaller], searches: NamedDependency[SavedSearchService]
    ) -> list[SavedSearchOut]:
        """The organisation's saved searches, newest first, with their number of matches."""
        return [
            saved_search_out(s) for s in await searches.of_organisation(partner.organisation_id)
        ]

    @get(ONE, guards=READ)
    async def read(
        self,
        saved_search_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        searches: NamedDependency[SavedSearchService],
    ) -> SavedSearchOut:
        found = await searches.get(partner.organisation_id, saved_search_id)
        return saved_search_out(found)

    @get(ONE + "/matches", guards=READ)
    async def matches(
        self,
        saved_search_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        searches: NamedDependency[SavedSearchService],
    ) -> list[MatchOut]:
        """The works it matched, latest first (100 at most)."""
        found = await searches.matches(partner.organisation_id, saved_search_id)
        return [MatchOut(work_id, at) for work_id, at in found]

    @patch(ONE, guards=WRITE)
    async def change(
        self,
        saved_search_id: FromPath[UUID],
        data: JSONBody[SavedSearchPatch],
        partner: NamedDependency[PartnerCaller],
        searches: NamedDependency[SavedSearchService],
    ) -> SavedSearchOut:
        """Rename it, or turn off (or on) the members' notifications (`notify_members`) or the
        `saved_search.matched` webhooks (`send_webhooks`) of its new matches (scope
        `searches:write`). Matches are recorded whatever the switches say."""
        changed = await searches.change(partner.organisation_id, saved_search_id, data.change())
        return saved_search_out(changed)

    @delete(ONE, status_code=HTTP_204_NO_CONTENT, guards=WRITE)
    async def remove(
        self,
        saved_search_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        searches: NamedDependency[SavedSearchService],
    ) -> None:
        """Stop watching: the saved search and its matches are deleted."""
        await searches.delete(partner.organisation_id, saved_search_id)
