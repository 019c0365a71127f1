"""Studio pages: my works, a creator profile, create and edit a work, media, publishing.

Forms post to these pages (CSRF token in each form); uploads and processing progress are done
by `static/js/studio.js` against the JSON API with the session cookie and the CSRF header.
The offers editor (`studio-offers`), the split sheet (`studio-splits`) and the figures
(`studio-stats`) are filled here and driven by `static/js/studio_shop.js` through the JSON API
(`PUT/DELETE /api/works/{id}/offer`, `PUT /api/works/{id}/splits`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal, Role
from accounts.guards import AFTER_LOGIN, page_errors, requires_role, requires_user
from accounts.territory import communes
from infra.errors import AppError, NotFound
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext
from marketplace.catalogue.creators import CreatorDetails
from marketplace.catalogue.domain import Work
from marketplace.catalogue.errors import WorkError, error_text
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.catalogue.repository import CreatorQuery, WorkQuery
from marketplace.catalogue.schemas import WorkIn, WorkPatch
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.values import CreatorKind, CreditRole
from marketplace.offers.domain import OfferKind
from marketplace.offers.service import OfferService
from marketplace.revenue.labels import holder_roles
from marketplace.revenue.split_service import SplitService
from marketplace.revenue.statement_service import StatementService
from marketplace.studio.stats import plays_by_work
from media.uploads.service import UploadService

LANGUAGES = ("fr", "gcf-MQ", "en", "es")
TEXT_LANGUAGES = (("fr", "fr"), ("gcf", "gcf-MQ"), ("en", "en"))
CREDIT_ROWS = 4
STUDIO_ROLES = (Role.CREATOR, Role.STAFF)
NOT_CREATOR_PAGE = "studio/not_creator.html"


def _texts(form: Any, prefix: str) -> dict[str, str]:
    found = {}
    for field, language in TEXT_LANGUAGES:
        value = str(form.get(f"{prefix}_{field}", "")).strip()
        if value:
            found[language] = value
    return found


def work_fields(form: Any) -> dict[str, Any]:
    """The work form as the API's shape (validated by the same msgspec structs)."""
    year = str(form.get("year", "")).strip()
    credits = []
    for n in range(CREDIT_ROWS):
        name = str(form.get(f"credit_name_{n}", "")).strip()
        if name:
            credits.append({"name": name, "role": str(form.get(f"credit_role_{n}", "other"))})
    return {
        "titles": _texts(form, "title"),
        "discipline": str(form.get("discipline", "")),
        "descriptions": _texts(form, "description"),
        "languages": [v for v in form.getall("languages", []) if v in LANGUAGES],
        "year": int(year) if year.lstrip("-").isdigit() else None,
        "credits": credits,
        "visibility": str(form.get("visibility", "public")),
    }


def form_values(work: Work) -> dict[str, str]:
    """A work's details as the form's field values."""
    d = work.details
    values = {
        "discipline": d.discipline.value,
        "year": "" if d.year is None else str(d.year),
        "visibility": d.visibility.value,
    }
    for field, language in TEXT_LANGUAGES:
        values[f"title_{field}"] = d.titles.get(language, "")
        values[f"description_{field}"] = d.descriptions.get(language, "")
    for n, credit in enumerate(d.credits[:CREDIT_ROWS]):
        values[f"credit_name_{n}"] = credit.name
        values[f"credit_role_{n}"] = credit.role.value
    return values


def _problem(error: Exception) -> str:
    """What went wrong with a form, in the visitor's language (msgspec's own details stay as
    they are: they name the field)."""
    if isinstance(error, AppError):
        return error_text(error)
    return gettext("Formulaire invalide : %(details)s") % {"details": error}


@dataclass(frozen=True)
class WorkDesk:
    """What the studio's work page shows around the work: media, offers, split sheet, sales."""

    uploads: UploadService
    offers: OfferService
    splits: SplitService
    statements: StatementService


def provide_desk(
    uploads: NamedDependency[UploadService],
    offers: NamedDependency[OfferService],
    splits: NamedDependency[SplitService],
    statements: NamedDependency[StatementService],
) -> WorkDesk:
    return WorkDesk(uploads, offers, splits, statements)


class StudioPages(Controller):
    """Every studio page is for a signed-in visitor (the login page otherwise); other people's
    works are the 404 page."""

    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=NOT_CREATOR_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "catalogue": provide_service(CatalogueService),
        "uploads": provide_service(UploadService),
        "offers": provide_service(OfferService),
        "splits": provide_service(SplitService),
        "statements": provide_service(StatementService),
        "desk": Provide(provide_desk, sync_to_thread=False),
    }

    async def _my_creators(self, catalogue: CatalogueService, me: Principal) -> list[Any]:
        return await catalogue.list_creators(CreatorQuery(owner_id=me.user_id, limit=100))

    @get("/studio", guards=[requires_role(*STUDIO_ROLES)])
    async def index(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> Template:
        creators = await self._my_creators(catalogue, me)
        works: list[Work] = []
        for creator in creators:
            works.extend(
                await catalogue.list_works(
                    WorkQuery(
                        viewer_id=me.user_id,
                        viewer_is_staff=False,
                        creator_id=creator.id,
                        limit=100,
                    )
                )
            )
        works.sort(key=lambda w: w.updated_at, reverse=True)
        names = {c.id: c.name for c in creators}
        return render(
            request,
            "studio/index.html",
            me,
            creators=creators,
            works=works,
            creator_names=names,
            communes=communes(),
        )

    @post("/studio/profil", opt={AFTER_LOGIN: "/studio"})
    async def create_profile(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> Template | Redirect:
        form = await request.form()
        bios = _texts(form, "bio")
        # A commune picked in the list wins; "Hors Martinique / autre" keeps the typed text
        # (which still gets its code if it names a Martinican commune).
        commune_code = str(form.get("commune_code", ""))[:10].strip() or None
        try:
            details = CreatorDetails(
                kind=CreatorKind(str(form.get("kind", "person"))),
                name=str(form.get("name", ""))[:300],
                bios=bios,
                commune=None if commune_code else str(form.get("commune", ""))[:300] or None,
                commune_code=commune_code,
            )
            await catalogue.create_creator(me, details)
        except (AppError, ValueError) as error:
            return render(
                request,
                "studio/index.html",
                me,
                status_code=getattr(error, "status_code", 422),
                creators=[],
                works=[],
                creator_names={},
                communes=communes(),
                error=_problem(error),
            )
        return Redirect("/studio", status_code=303)

    @get("/studio/oeuvres/nouvelle")
    async def new_work(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> Template | Redirect:
        creators = await self._my_creators(catalogue, me)
        if not creators:
            return Redirect("/studio", status_code=303)
        return render(
            request,
            "studio/new_work.html",
            me,
            creators=creators,
            values={},
            credit_roles=[r.value for r in CreditRole],
            credit_rows=CREDIT_ROWS,
        )

    @post("/studio/oeuvres/nouvelle")
    async def create_work(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
    ) -> Template | Redirect:
        form = await request.form()
        fields = work_fields(form)
        try:
            data = msgspec.convert(
                {"creator_id": str(form.get("creator_id", "")), **fields}, WorkIn, strict=False
            )
            work = await catalogue.create_work(me, data.creator_id, data.to_details())
        except (AppError, msgspec.ValidationError) as error:
            return render(
                request,
                "studio/new_work.html",
                me,
                status_code=getattr(error, "status_code", 422),
                creators=await self._my_creators(catalogue, me),
                values=dict(form.items()),
                credit_roles=[r.value for r in CreditRole],
                credit_rows=CREDIT_ROWS,
                error=_problem(error),
            )
        return Redirect(f"/studio/oeuvres/{work.id}?cree=1#media", status_code=303)

    async def _editable(self, catalogue: CatalogueService, me: Principal, work_id: UUID) -> Work:
        """The work its owner (or staff) edits; anyone else's is not found (the 404 page)."""
        work = await catalogue.get_work(me, work_id)
        if not (me.is_staff or work.owner_id == me.user_id):
            raise NotFound(WorkError.NOT_FOUND)
        return work

    async def _work_page(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        catalogue: CatalogueService,
        desk: WorkDesk,
        work: Work,
        status_code: int = 200,
        **extra: Any,
    ) -> Template:
        assets = await desk.uploads.work_assets(me, work.id)
        creator = await catalogue.get_creator(work.creator_id)
        flags = request.query_params
        offers = await desk.offers.offers_for_work(me, work.id)
        sheet = await desk.splits.current(me, work.id)
        sold = next(
            (w for w in await desk.statements.summary(me) if w.work_id == work.id),
            None,
        )
        return render(
            request,
            "studio/work.html",
            me,
            status_code=status_code,
            work=work,
            creator=creator,
            assets=assets,
            main_asset=next((a for a in assets if a.role.value == "main"), None),
            values=form_values(work),
            credit_roles=[r.value for r in CreditRole],
            credit_rows=CREDIT_ROWS,
            created=flags.get("cree") == "1",
            saved=flags.get("enregistre") == "1",
            published=flags.get("publie") == "1",
            withdrawn=flags.get("retire") == "1",
            offer=next((o for o in offers if o.kind is OfferKind.WORK), None),
            bundles=[o for o in offers if o.kind is OfferKind.BUNDLE],
            sheet=sheet,
            holder_roles=holder_roles(),
            plays=(await plays_by_work([work.id])).get(work.id, 0),
            sold=sold,
            **extra,
        )

    @get("/studio/oeuvres/{work_id:uuid}")
    async def edit_work(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        desk: NamedDependency[WorkDesk],
    ) -> Template:
        work = await self._editable(catalogue, me, work_id)
        return await self._work_page(request, me, catalogue, desk, work)

    @post("/studio/oeuvres/{work_id:uuid}")
    async def save_work(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        desk: NamedDependency[WorkDesk],
    ) -> Template | Redirect:
        work = await self._editable(catalogue, me, work_id)
        form = await request.form()
        try:
            patch = msgspec.convert(work_fields(form), WorkPatch, strict=False)
            await catalogue.update_work(me, work_id, patch.apply_to)
        except (AppError, msgspec.ValidationError) as error:
            return await self._work_page(
                request,
                me,
                catalogue,
                desk,
                work,
                status_code=getattr(error, "status_code", 422),
                error=_problem(error),
            )
        return Redirect(f"/studio/oeuvres/{work_id}?enregistre=1", status_code=303)

    @post("/studio/oeuvres/{work_id:uuid}/publier", opt={AFTER_LOGIN: "/studio/oeuvres/{work_id}"})
    async def publish(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        desk: NamedDependency[WorkDesk],
    ) -> Template | Redirect:
        return await self._transition(request, work_id, me, catalogue, desk, publish=True)

    @post("/studio/oeuvres/{work_id:uuid}/retirer", opt={AFTER_LOGIN: "/studio/oeuvres/{work_id}"})
    async def withdraw(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        catalogue: NamedDependency[CatalogueService],
        desk: NamedDependency[WorkDesk],
    ) -> Template | Redirect:
        return await self._transition(request, work_id, me, catalogue, desk, publish=False)

    async def _transition(
        self,
        request: Request[Any, Any, Any],
        work_id: UUID,
        me: Principal,
        catalogue: CatalogueService,
        desk: WorkDesk,
        publish: bool,
    ) -> Template | Redirect:
        work = await self._editable(catalogue, me, work_id)
        try:
            if publish:
                await catalogue.publish_work(me, work_id)
            else:
                await catalogue.withdraw_work(me, work_id, None)
        except AppError as error:
            return await self._work_page(
                request,
                me,
                catalogue,
                desk,
                work,
                status_code=error.status_code,
                error=error_text(error),
            )
        flag = "publie" if publish else "retire"
        return Redirect(f"/studio/oeuvres/{work_id}?{flag}=1#publish", status_code=303)
