"""The organisation's saved-searches page: every member reads its searches (query, filters in
words, when each last matched, how many, the latest matched works); owners, admins and members
save one from the partner search page, rename it, turn its notifications and webhooks on or
off, and delete it. A viewer reads only: no forms, and 403 `read_only` if one posts anyway.
Anyone who is not a member (staff included: these are the organisation's own watches) gets
404, and so does another organisation's saved search.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from accounts.organisations.capabilities import PARTNER_VIEW
from accounts.organisations.domain import MemberRole, Organisation, VerificationState
from accounts.organisations.errors import OrganisationError
from accounts.organisations.pages import NOT_FOUND_PAGE, translated
from accounts.organisations.service import OrganisationService
from infra.errors import AppError, Forbidden, InvalidInput, NotFound
from infra.http.dependencies import provide_service
from infra.http.pages import render
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.licensing import rules
from marketplace.partners.saved_searches.domain import FILTER_NAMES, SavedSearch
from marketplace.partners.saved_searches.errors import SavedSearchError
from marketplace.partners.saved_searches.service import (
    SavedSearchChange,
    SavedSearchRequest,
    SavedSearchService,
)
from marketplace.partners.saved_searches.words import filters_in_words

PAGE = "/organisations/{organisation_id:uuid}/recherches"
ONE = PAGE + "/{saved_search_id:uuid}"
BACK = {AFTER_LOGIN: "/organisations/{organisation_id}/recherches"}
LATEST = 5  # matched works shown per search


def saved_searches_path(organisation_id: UUID) -> str:
    return f"/organisations/{organisation_id}/recherches"


async def _member(
    organisations: OrganisationService, me: Principal, organisation_id: UUID
) -> tuple[Organisation, MemberRole]:
    organisation, role = await organisations.get(me, organisation_id)  # 404 unless a member
    if role is None:  # staff who are not members
        raise NotFound(OrganisationError.NOT_FOUND)
    return organisation, role


async def _acting(
    organisations: OrganisationService, me: Principal, organisation_id: UUID
) -> Organisation:
    organisation, role = await _member(organisations, me, organisation_id)
    if not role.acts:
        raise Forbidden(SavedSearchError.READ_ONLY)
    return organisation


def _day(raw: object) -> date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InvalidInput(
            SavedSearchError.INVALID_PERIOD,
            earliest=rules.EARLIEST.isoformat(),
            latest=rules.LATEST.isoformat(),
        ) from None


def _form_request(form: FormMultiDict) -> SavedSearchRequest:
    """The search page's query and filters as it sent them (empty values dropped), and the
    rights period asked beside a territory and a licence type."""
    filters = {
        name: [str(v)[:100] for v in form.getall(name, []) if str(v).strip()][:50]
        for name in FILTER_NAMES
    }
    return SavedSearchRequest(
        name=str(form.get("name", "") or "")[:300],
        text=str(form.get("q", "") or "")[:300],
        filters={name: values for name, values in filters.items() if values},
        starts_on=_day(form.get("starts_on")),
        ends_on=_day(form.get("ends_on")),
    )


async def _latest_works(
    searches: SavedSearchService, saved: list[SavedSearch]
) -> dict[UUID, list[Any]]:
    """Each search's latest matched works that anyone may still see, newest first."""
    matched = {s.id: await searches.matches(s.organisation_id, s.id, LATEST) for s in saved}
    ids = {work_id for found in matched.values() for work_id, _ in found}
    works = {w.id: w for w in await PiccoloCatalogueRepository().works_by_ids(ids)}
    return {
        search_id: [
            (works[work_id], at)
            for work_id, at in found
            if work_id in works and works[work_id].visible_to(None, viewer_is_staff=False)
        ]
        for search_id, found in matched.items()
    }


async def saved_searches_page(
    request: Request[Any, Any, Any],
    organisation_id: UUID,
    me: Principal,
    searches: SavedSearchService,
    organisations: OrganisationService,
    status_code: int = 200,
    **extra: Any,
) -> Template:
    organisation, role = await _member(organisations, me, organisation_id)
    saved = await searches.of_organisation(organisation_id)
    return render(
        request,
        "partners/saved_searches.html",
        me,
        status_code,
        organisation=organisation,
        can_act=role.acts,
        saved_searches=saved,
        latest=await _latest_works(searches, saved),
        filters_in_words=filters_in_words,
        **extra,
    )


class SavedSearchPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "searches": provide_service(SavedSearchService),
        "organisations": provide_service(OrganisationService),
    }

    @get(PAGE)
    async def show(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        searches: NamedDependency[SavedSearchService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        return await saved_searches_page(request, organisation_id, me, searches, organisations)

    @post(PAGE, opt=BACK)
    async def save(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        searches: NamedDependency[SavedSearchService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template | Redirect:
        """ "Save this search" on the partner search page: its words and filters as shown."""
        organisation = await _acting(organisations, me, organisation_id)
        form = await request.form()
        try:
            if organisation.state is not VerificationState.VERIFIED or not PARTNER_VIEW.allows(
                organisation.details.kind
            ):
                kinds = ", ".join(sorted(kind.value for kind in PARTNER_VIEW.kinds))
                raise Forbidden(OrganisationError.VERIFIED_ORGANISATION_REQUIRED, kinds=kinds)
            made = await searches.create(organisation_id, me.user_id, _form_request(form))
        except AppError as error:
            if error.status_code == 404:
                raise
            return await saved_searches_page(
                request, organisation_id, me, searches, organisations, error.status_code,
                error=translated(error),
            )  # fmt: skip
        return Redirect(f"{saved_searches_path(organisation_id)}#s-{made.id}", status_code=303)

    @post(ONE + "/nom", opt=BACK)
    async def rename(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        saved_search_id: FromPath[UUID],
        me: NamedDependency[Principal],
        searches: NamedDependency[SavedSearchService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template | Redirect:
        await _acting(organisations, me, organisation_id)
        name = str((await request.form()).get("name", "") or "")[:300]
        return await self._change(
            request, organisation_id, saved_search_id, me, searches, organisations,
            SavedSearchChange(name=name),
        )  # fmt: skip

    @post(ONE + "/alertes", opt=BACK)
    async def switches(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        saved_search_id: FromPath[UUID],
        me: NamedDependency[Principal],
        searches: NamedDependency[SavedSearchService],
        organisations: NamedDependency[OrganisationService],
    ) -> Template | Redirect:
        """Both switches at once, as the form's two checkboxes say (unticked: off)."""
        await _acting(organisations, me, organisation_id)
        form = await request.form()
        change = SavedSearchChange(
            notify_members=form.get("notify_members") == "on",
            send_webhooks=form.get("send_webhooks") == "on",
        )
        return await self._change(
            request, organisation_id, saved_search_id, me, searches, organisations, change
        )

    @post(ONE + "/suppression", opt=BACK)
    async def delete(
        self,
        organisation_id: FromPath[UUID],
        saved_search_id: FromPath[UUID],
        me: NamedDependency[Principal],
        searches: NamedDependency[SavedSearchService],
        organisations: NamedDependency[OrganisationService],
    ) -> Redirect:
        await _acting(organisations, me, organisation_id)
        await searches.delete(organisation_id, saved_search_id)
        return Redirect(saved_searches_path(organisation_id), status_code=303)

    async def _change(
        self,
        request: Request[Any, Any, Any],
        organisation_id: UUID,
        saved_search_id: UUID,
        me: Principal,
        searches: SavedSearchService,
        organisations: OrganisationService,
        change: SavedSearchChange,
    ) -> Template | Redirect:
        try:
            await searches.change(organisation_id, saved_search_id, change)
        except AppError as error:
            if error.status_code == 404:
                raise
            return await saved_searches_page(
                request, organisation_id, me, searches, organisations, error.status_code,
                error=translated(error),
            )  # fmt: skip
        path = saved_searches_path(organisation_id)
        return Redirect(f"{path}#s-{saved_search_id}", status_code=303)
