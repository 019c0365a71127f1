"""Public catalogue pages: the home page and a work's page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Template

from infra.errors import NotFound
from infra.http.auth import provide_page_principal
from infra.http.pages import render
from infra.identity.domain import Principal
from marketplace.catalogue.controllers import provide_catalogue
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS
from marketplace.catalogue.domain import WorkStatus
from marketplace.catalogue.repository import WorkQuery
from marketplace.catalogue.service import CatalogueService


def discipline_label(code: str, lang: str) -> str:
    for discipline, (french, english) in DISCIPLINE_LABELS.items():
        if discipline.value == code:
            return french if lang == "fr" else english
    return code


class CataloguePages(Controller):
    include_in_schema = False
    dependencies = {
        "catalogue": Provide(provide_catalogue, sync_to_thread=False),
        "me": Provide(provide_page_principal),
    }

    @get("/")
    async def home(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        catalogue: NamedDependency[CatalogueService],
    ) -> Template:
        works = await catalogue.list_works(
            WorkQuery(viewer_id=None, viewer_is_staff=False, status=WorkStatus.PUBLISHED, limit=24)
        )
        return render(
            request, "catalogue/home.html", me, works=works, discipline_label=discipline_label
        )

    @get("/oeuvres/{work_id:uuid}")
    async def work_page(
        self,
        request: Request[Any, Any, Any],
        work_id: FromPath[UUID],
        me: NamedDependency[Principal | None],
        catalogue: NamedDependency[CatalogueService],
    ) -> Template:
        try:
            work = await catalogue.get_work(me, work_id)
        except NotFound:
            return render(request, "catalogue/not_found.html", me, status_code=404)
        creator = await catalogue.get_creator(work.creator_id)
        return render(
            request,
            "catalogue/work.html",
            me,
            work=work,
            creator=creator,
            discipline_label=discipline_label,
        )
