"""Managing members from the organisation's page: change a role, remove someone, or leave.

The membership service decides who may (owners and admins; only owners touch owners; the last
owner stays); a refusal is shown on the organisation's page, as the invitation form's are.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from accounts.organisations.domain import parse_member_role
from accounts.organisations.members import MembershipService
from accounts.organisations.pages import NOT_FOUND_PAGE, organisation_page, translated
from accounts.organisations.service import OrganisationService, organisation_path
from infra.errors import AppError
from infra.http.dependencies import provide_service

BACK = {AFTER_LOGIN: "/organisations/{organisation_id}"}


class MemberPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "organisations": provide_service(OrganisationService),
        "memberships": provide_service(MembershipService),
    }

    @post("/organisations/{organisation_id:uuid}/membres/{user_id:uuid}/role", opt=BACK)
    async def change_role(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        user_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
        memberships: NamedDependency[MembershipService],
    ) -> Template | Redirect:
        form = await request.form()
        role = str(form.get("role", "") or "")[:20]
        try:
            await memberships.change_role(me, organisation_id, user_id, parse_member_role(role))
        except AppError as error:
            return await _refused(request, error, organisation_id, me, organisations, memberships)
        return Redirect(organisation_path(organisation_id), status_code=303)

    @post("/organisations/{organisation_id:uuid}/membres/{user_id:uuid}/retirer", opt=BACK)
    async def remove(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        user_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
        memberships: NamedDependency[MembershipService],
    ) -> Template | Redirect:
        """Removing someone (owners and admins), or oneself: leaving goes back to the list."""
        try:
            await memberships.remove(me, organisation_id, user_id)
        except AppError as error:
            return await _refused(request, error, organisation_id, me, organisations, memberships)
        left = user_id == me.user_id
        return Redirect(
            "/organisations" if left else organisation_path(organisation_id), status_code=303
        )


async def _refused(
    request: Request[Any, Any, Any],
    error: AppError,
    organisation_id: UUID,
    me: Principal,
    organisations: OrganisationService,
    memberships: MembershipService,
) -> Template:
    if error.status_code == 404:
        raise error
    return await organisation_page(
        request,
        organisation_id,
        me,
        organisations,
        memberships,
        error.status_code,
        error=translated(error),
    )
