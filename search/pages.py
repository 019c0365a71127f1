"""The search page: words, facets as checkboxes, sort, pages; suggestions as you type (script)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.response import Template

from accounts.auth import PAGE_ROUTES, provide_page_principal
from accounts.domain import Principal
from accounts.guards import page_errors
from accounts.organisations.acting import ActingOrganisation, provide_acting_organisation
from accounts.organisations.capabilities import PARTNER_VIEW
from infra.errors import fill
from infra.http.dependencies import provide_service
from infra.http.pages import language_name, render
from infra.i18n.context import N_, gettext
from media.tracks.languages import language_label
from search.params import SEARCH_PARAMETERS, parse_search
from search.port import PARTNER_FACETS, SearchError, View
from search.service import SearchService, view_for

# The facets shown as checkboxes, in this order.
FACETS = ("discipline", "language", "version_language", "availability", "commune")
AVAILABILITY_NAMES = {
    "buy": N_("À acheter"),
    "stream": N_("En écoute"),
    "licence": N_("Sous licence"),
    "free": N_("Gratuit"),
}


def facet_label(facet: str, value: str) -> str:
    """A facet value as the visitor reads it (disciplines are named by the catalogue)."""
    if facet == "language":
        return language_name(value)
    if facet == "version_language":
        return language_label(value)
    if facet == "availability" and value in AVAILABILITY_NAMES:
        return gettext(AVAILABILITY_NAMES[value])
    return value


def save_search_target(acting: ActingOrganisation | None) -> dict[str, Any] | None:
    """Where "save this search" saves (the partners' page, `partners/_save_search.html`): the
    verified export partner the person acts as; its viewers see the link but no form."""
    if acting is None or not acting.unlocks(PARTNER_VIEW):
        return None
    return {"id": acting.id, "name": acting.name, "can_act": acting.role.acts}


class SearchPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = page_errors()
    dependencies = {
        "search": provide_service(SearchService),
        "me": Provide(provide_page_principal),
        "acting": Provide(provide_acting_organisation),
    }

    @get("/recherche")
    async def search_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        acting: NamedDependency[ActingOrganisation | None],
        search: NamedDependency[SearchService],
    ) -> Template:
        params = {
            name: [v for v in request.query_params.getall(name) if v != ""]
            for name in set(request.query_params.keys())
            if name in SEARCH_PARAMETERS
        }
        params = {name: values for name, values in params.items() if values}
        error = None
        result: dict[str, Any] = {"items": [], "total": 0, "facets": {}, "page": 1}
        view = view_for(me, acting)
        # The partner view (staff, a verified export partner): rights fields and filters.
        shown_facets = FACETS + PARTNER_FACETS if view is View.PARTNER else FACETS
        try:
            result = (await search.search(parse_search(params, view))).to_dict()
        except SearchError as problem:
            error = fill(gettext(problem.error.message), problem.params)

        selected = {name: set(values) for name, values in params.items()}
        facets = []
        for name in shown_facets:
            counts = dict(result["facets"].get(name, {}))
            for value in selected.get(name, ()):
                counts.setdefault(value, 0)
            if counts:
                facets.append((name, sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))))
        page = int(result.get("page") or 1)
        page_size = int(result.get("page_size") or 20)
        kept = [(k, v) for k, values in params.items() if k != "page" for v in values]
        return render(
            request,
            "search/search.html",
            me,
            q=" ".join(params.get("q", [])),
            result=result,
            error=error,
            facets=facets,
            selected=selected,
            has_filters=any(name in selected for name in shown_facets),
            partner_view=view is View.PARTNER,
            save_search=save_search_target(acting),
            facet_label=facet_label,
            sort=(params.get("sort") or ["relevance"])[0],
            page=page,
            has_next=page * page_size < int(result["total"]),
            kept=kept,
        )
