"""The creator studio's rights page: a work's mandates, what is still available, and the form
that declares a mandate (or withdraws one). Forms post here with their CSRF token."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from infra.errors import Forbidden, InvalidInput, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext
from marketplace.licensing.errors import LicensingError
from marketplace.licensing.media import MEDIUM_LABELS
from marketplace.licensing.rules import LANGUAGES, MandateInput
from marketplace.licensing.service import LicensingService

PAGE = "/studio/oeuvres/{work_id:uuid}/droits"
NOT_FOUND_PAGE = "licensing/not_found.html"


def _date(raw: Any) -> date | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(LicensingError.PERIOD_REQUIRED) from None


def _uuid(raw: Any) -> UUID:
    try:
        return UUID(str(raw))
    except ValueError:
        raise InvalidInput(LicensingError.UNKNOWN_SIGNATORY, signatory=str(raw)[:40]) from None


def _organisation(raw: Any) -> UUID | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(LicensingError.HOLDER_ORGANISATION) from None


def mandate_from(form: Any) -> MandateInput:
    return MandateInput(
        medium=str(form.get("medium", ""))[:40],
        territory=str(form.get("territory", ""))[:2000],
        exclusive=form.get("exclusive") == "on",
        signatory_id=_uuid(form.get("signatory_id", "")),
        language=str(form.get("language", "*"))[:20],
        starts_on=_date(form.get("starts_on")),
        ends_on=_date(form.get("ends_on")),
        holder_org_id=_organisation(form.get("holder_org_id")),
    )


class RightsPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "licensing": provide_service(LicensingService),
    }

    @get(PAGE)
    async def rights(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> Template:
        return await self._page(request, work_id, me, licensing)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        work_id: UUID,
        me: Principal,
        licensing: LicensingService,
        status_code: int = 200,
        error: str | None = None,
    ) -> Template:
        mandates = await licensing.mandates(me, work_id)
        return render(
            request,
            "licensing/mandates.html",
            me,
            status_code,
            work_id=work_id,
            mandates=mandates,
            organisation_names=await licensing.organisation_names(mandates),
            holder_organisations=await licensing.holder_organisations(me),
            spans=await licensing.availability(work_id),
            holders=await licensing.holders(me, work_id),
            media=[(medium.value, gettext(label)) for medium, label in MEDIUM_LABELS.items()],
            medium_label=lambda value: gettext(
                next((label for m, label in MEDIUM_LABELS.items() if m.value == value), value)
            ),
            languages=LANGUAGES,
            error=error,
        )

    @post(PAGE, opt={AFTER_LOGIN: "/studio/oeuvres/{work_id}/droits"})
    async def declare(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await licensing.declare(me, work_id, mandate_from(form))
        except (InvalidInput, Forbidden) as error:
            message = fill(gettext(error.error.message), error.params)
            return await self._page(request, work_id, me, licensing, error.status_code, message)
        return Redirect(f"/studio/oeuvres/{work_id}/droits#mandates", status_code=303)

    @post(PAGE + "/{mandate_id:uuid}/retirer", opt={AFTER_LOGIN: "/studio"})
    async def withdraw(
        self,
        work_id: FromPath[UUID],
        mandate_id: FromPath[UUID],
        me: NamedDependency[Principal],
        licensing: NamedDependency[LicensingService],
    ) -> Redirect:
        await licensing.withdraw(me, work_id, mandate_id)
        return Redirect(f"/studio/oeuvres/{work_id}/droits#mandates", status_code=303)
