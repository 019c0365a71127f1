"""The staff's back office for organisations: the list (by state and kind, latest requests
first), a dossier (documents, members, history) and the decisions: verify, refuse or suspend
(with a reason), reinstate. Everyone else gets the 403 page."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_staff
from accounts.organisations.domain import OrganisationKind, VerificationState
from accounts.organisations.errors import OrganisationError
from accounts.organisations.pages import NOT_FOUND_PAGE, labels, translated
from accounts.organisations.service import OrganisationService
from accounts.organisations.staff_controllers import attachment
from infra.errors import AppError, NotFound
from infra.http.dependencies import provide_service
from infra.http.pages import render

FORBIDDEN_PAGE = "organisations/staff_only.html"
DOSSIER = "/staff/organisations/{organisation_id:uuid}"
BACK = {AFTER_LOGIN: "/staff/organisations/{organisation_id}"}


def _choice(enum: type[Any], raw: str | None) -> Any:
    try:
        return enum(raw) if raw else None
    except ValueError:
        return None


class StaffOrganisationPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_staff]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=FORBIDDEN_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "organisations": provide_service(OrganisationService),
    }

    @get("/staff/organisations")
    async def listing(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
        wanted_state: Annotated[str | None, QueryParameter(name="state", max_length=20)] = None,
        kind: Annotated[str | None, QueryParameter(max_length=40)] = None,
    ) -> Template:
        state = _choice(VerificationState, wanted_state)
        chosen_kind = _choice(OrganisationKind, kind)
        found = await organisations.listing(me, state, chosen_kind)
        return render_page(
            request,
            "organisations/staff_list.html",
            me,
            organisations=found,
            state=state.value if state else "",
            kind=chosen_kind.value if chosen_kind else "",
            states=list(VerificationState),
        )

    @get(DOSSIER)
    async def dossier(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        return await self._dossier(request, organisation_id, me, organisations)

    async def _dossier(
        self,
        request: Request[Any, Any, Any],
        organisation_id: UUID,
        me: Principal,
        organisations: OrganisationService,
        status_code: int = 200,
        error: str | None = None,
    ) -> Template:
        return render_page(
            request,
            "organisations/staff_dossier.html",
            me,
            status_code,
            dossier=await organisations.dossier(me, organisation_id),
            error=error,
        )

    @get(DOSSIER + "/documents/{document_id:uuid}")
    async def document(
        self,
        organisation_id: FromPath[UUID],
        document_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> Response[bytes]:
        found, content = await organisations.document(me, organisation_id, document_id)
        return attachment(content, found.content_type, found.filename)

    @post(DOSSIER + "/{decision:str}", opt=BACK)
    async def decide(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        decision: FromPath[str],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> Template | Redirect:
        """verify, refuse (reason), suspend (reason) or reinstate."""
        form = await request.form()
        reason = str(form.get("reason", "") or "")[:4000]
        try:
            if decision == "verifier":
                await organisations.verify(me, organisation_id)
            elif decision == "refuser":
                await organisations.refuse(me, organisation_id, reason)
            elif decision == "suspendre":
                await organisations.suspend(me, organisation_id, reason)
            elif decision == "retablir":
                await organisations.reinstate(me, organisation_id)
            else:
                raise NotFound(OrganisationError.NOT_FOUND)
        except AppError as error:
            if error.status_code == 404:
                raise
            return await self._dossier(
                request, organisation_id, me, organisations, error.status_code, translated(error)
            )
        return Redirect(f"/staff/organisations/{organisation_id}", status_code=303)


def render_page(
    request: Request[Any, Any, Any],
    template: str,
    me: Principal,
    status_code: int = 200,
    **context: Any,
) -> Template:
    return render(request, template, me, status_code, **labels(), **context)
