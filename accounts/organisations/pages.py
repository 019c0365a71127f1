"""Members' pages: my organisations (and which one I act as), registering one, its page
(members, invitations, verification with documents), and accepting an invitation."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie, UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from accounts.organisations.acting import ORGANISATION_COOKIE, acting_organisation
from accounts.organisations.capabilities import unlocked_by
from accounts.organisations.documents import MAX_DOCUMENT_BYTES
from accounts.organisations.domain import parse_member_role
from accounts.organisations.labels import (
    KIND_NAMES,
    PARTNER_KIND_NAMES,
    ROLE_NAMES,
    SCHEME_NAMES,
    STATE_NAMES,
    label,
)
from accounts.organisations.members import MembershipService
from accounts.organisations.schemas import AddressIn, LegalIdentityIn, OrganisationIn, parse_details
from accounts.organisations.service import OrganisationService, organisation_path
from accounts.territory import communes
from infra.errors import AppError, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext

NOT_FOUND_PAGE = "organisations/not_found.html"
# Several documents and the form's fields in one request.
MAX_FORM_BYTES = 3 * MAX_DOCUMENT_BYTES


def translated(error: AppError) -> str:
    return fill(gettext(error.error.message), error.params)


def labels() -> dict[str, Any]:
    """What the templates name kinds, roles and states with."""
    return {
        "kind_label": lambda value: label(KIND_NAMES, value),
        "partner_kind_label": lambda value: label(PARTNER_KIND_NAMES, value),
        "role_label": lambda value: label(ROLE_NAMES, value),
        "state_label": lambda value: label(STATE_NAMES, value),
        "scheme_label": lambda value: label(SCHEME_NAMES, value),
        "capability_label": lambda capability: gettext(capability.description),
        "unlocked_by": unlocked_by,
        "kinds": list(KIND_NAMES),
        "partner_kinds": list(PARTNER_KIND_NAMES),
        "roles": list(ROLE_NAMES),
        "schemes": list(SCHEME_NAMES),
        "communes": communes(),
    }


def _form_text(form: Any, name: str, limit: int = 300) -> str:
    return str(form.get(name, "") or "")[:limit]


def details_from_form(form: Any) -> OrganisationIn:
    scheme = _form_text(form, "legal_scheme", 20)
    return OrganisationIn(
        kind=_form_text(form, "kind", 40),
        partner_kind=_form_text(form, "partner_kind", 40) or None,
        name=_form_text(form, "name"),
        legal_identity=LegalIdentityIn(
            scheme=scheme,
            number=_form_text(form, "legal_number", 100),
            country=_form_text(form, "legal_country", 10),
        )
        if scheme
        else None,
        address=AddressIn(
            country=_form_text(form, "country", 10) or "MQ",
            commune_code=_form_text(form, "commune_code", 10) or None,
            street=_form_text(form, "street"),
            postcode=_form_text(form, "postcode"),
            city=_form_text(form, "city"),
        ),
    )


async def organisation_page(
    request: Request[Any, Any, Any],
    organisation_id: UUID,
    me: Principal,
    organisations: OrganisationService,
    memberships: MembershipService,
    status_code: int = 200,
    **extra: Any,
) -> Template:
    """The organisation's page (members, invitations, verification), with a notice or an error."""
    organisation, role = await organisations.get(me, organisation_id)
    return render(
        request,
        "organisations/page.html",
        me,
        status_code,
        organisation=organisation,
        role=role,
        manages=role is not None and role.manages,
        members=await memberships.members(me, organisation_id),
        documents=await organisations.documents(me, organisation_id),
        **labels(),
        **extra,
    )


class OrganisationPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "organisations": provide_service(OrganisationService),
        "memberships": provide_service(MembershipService),
    }

    @get("/organisations")
    async def mine(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> Template:
        acting = await acting_organisation(request)
        return render(
            request,
            "organisations/mine.html",
            me,
            memberships=await organisations.mine(me),
            acting=acting,
            **labels(),
        )

    @post("/organisations/agir", opt={AFTER_LOGIN: "/organisations"})
    async def act_as(self, request: Request[Any, Any, Any]) -> Redirect:
        """The selector: act as one of my organisations (or as myself), remembered in a cookie.
        An id that is not one of mine is simply not remembered."""
        form = await request.form()
        chosen = _form_text(form, "organisation_id", 40).strip()
        cookie = Cookie(
            key=ORGANISATION_COOKIE,
            value=chosen or "none",
            httponly=True,
            samesite="lax",
            max_age=60 * 60 * 24 * 365,
        )
        return Redirect("/organisations", cookies=[cookie], status_code=303)

    @get("/organisations/nouvelle")
    async def new(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal]
    ) -> Template:
        return render(request, "organisations/new.html", me, form={}, **labels())

    @post("/organisations/nouvelle")
    async def create(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            organisation = await organisations.create(me, parse_details(details_from_form(form)))
        except AppError as error:
            return render(
                request,
                "organisations/new.html",
                me,
                error.status_code,
                error=translated(error),
                form={key: str(value)[:300] for key, value in form.items()},
                **labels(),
            )
        return Redirect(organisation_path(organisation.id), status_code=303)

    @get("/organisations/{organisation_id:uuid}")
    async def page(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
        memberships: NamedDependency[MembershipService],
    ) -> Template:
        return await self._page(request, organisation_id, me, organisations, memberships)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        organisation_id: UUID,
        me: Principal,
        organisations: OrganisationService,
        memberships: MembershipService,
        status_code: int = 200,
        **extra: Any,
    ) -> Template:
        return await organisation_page(
            request, organisation_id, me, organisations, memberships, status_code, **extra
        )

    @post(
        "/organisations/{organisation_id:uuid}/invitations",
        opt={AFTER_LOGIN: "/organisations/{organisation_id}"},
    )
    async def invite(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
        memberships: NamedDependency[MembershipService],
    ) -> Template:
        form = await request.form()
        try:
            role = parse_member_role(_form_text(form, "role", 20) or "member")
            invitation = await memberships.invite(
                me, organisation_id, _form_text(form, "email", 254), role
            )
        except AppError as error:
            if error.status_code == 404:
                raise
            return await self._page(
                request,
                organisation_id,
                me,
                organisations,
                memberships,
                error.status_code,
                error=translated(error),
            )
        notice = gettext("Invitation envoyée à %(email)s.") % {"email": invitation.email}
        return await self._page(
            request, organisation_id, me, organisations, memberships, notice=notice
        )

    @post(
        "/organisations/{organisation_id:uuid}/verification",
        opt={AFTER_LOGIN: "/organisations/{organisation_id}"},
        request_max_body_size=MAX_FORM_BYTES,
    )
    async def request_verification(
        self,
        request: Request[Any, Any, Any],
        organisation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        organisations: NamedDependency[OrganisationService],
        memberships: NamedDependency[MembershipService],
    ) -> Template | Redirect:
        """The documents chosen in the form are added, then staff are asked to verify."""
        form = await request.form()
        try:
            for upload in form.getall("documents") if "documents" in form else []:
                if isinstance(upload, UploadFile) and upload.filename:
                    content = await upload.read()
                    await organisations.add_document(me, organisation_id, upload.filename, content)
            await organisations.request_verification(me, organisation_id)
        except AppError as error:
            if error.status_code == 404:
                raise
            return await self._page(
                request,
                organisation_id,
                me,
                organisations,
                memberships,
                error.status_code,
                error=translated(error),
            )
        return Redirect(organisation_path(organisation_id), status_code=303)

    @get("/invitations/{token:str}")
    async def invitation(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        me: NamedDependency[Principal],
        memberships: NamedDependency[MembershipService],
    ) -> Template:
        try:
            invitation, organisation = await memberships.invitation(token)
        except AppError as error:
            if error.status_code == 404:
                raise
            return render(
                request,
                "organisations/invitation.html",
                me,
                error.status_code,
                error=translated(error),
            )
        return render(
            request,
            "organisations/invitation.html",
            me,
            invitation=invitation,
            organisation=organisation,
            token=token,
            **labels(),
        )

    @post("/invitations/{token:str}", opt={AFTER_LOGIN: "/invitations/{token}"})
    async def accept(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        me: NamedDependency[Principal],
        memberships: NamedDependency[MembershipService],
    ) -> Template | Redirect:
        try:
            organisation = await memberships.accept(me, token)
        except AppError as error:
            if error.status_code == 404:
                raise
            return render(
                request,
                "organisations/invitation.html",
                me,
                error.status_code,
                error=translated(error),
            )
        return Redirect(organisation_path(organisation.id), status_code=303)
