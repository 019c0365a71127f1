"""The search page: words, facets as checkboxes, sort, pages; suggestions as you type (script)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.response import Template

from accounts.auth import PAGE_ROUTES, provide_page_principal
from accounts.domain import Principal
from accounts.guards import page_errors
from infra.http.dependencies import provide_service
from infra.http.i18n import interface_language
from infra.http.pages import language_name, render
from search.params import SEARCH_PARAMETERS, parse_search
from search.port import SearchError
from search.service import SearchService, view_for

# The facets shown as checkboxes, in this order.
FACETS = ("discipline", "language", "availability", "commune")
AVAILABILITY_NAMES = {
    "buy": {"fr": "À acheter", "en": "To buy"},
    "stream": {"fr": "En écoute", "en": "To stream"},
    "licence": {"fr": "Sous licence", "en": "For licensing"},
    "free": {"fr": "Gratuit", "en": "Free"},
}


class SearchPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = page_errors()
    dependencies = {
        "search": provide_service(SearchService),
        "me": Provide(provide_page_principal),
    }

    @get("/recherche")
    async def search_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
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
        try:
            result = (await search.search(parse_search(params, view_for(me)))).to_dict()
        except SearchError as problem:
            error = problem.message
        lang = interface_language(request)

        def facet_label(facet: str, value: str) -> str:
            if facet == "language":
                return language_name(value, lang)
            if facet == "availability":
                return AVAILABILITY_NAMES.get(value, {}).get(lang, value)
            return value

        selected = {name: set(values) for name, values in params.items()}
        facets = []
        for name in FACETS:
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
            has_filters=any(name in selected for name in FACETS),
            facet_label=facet_label,
            sort=(params.get("sort") or ["relevance"])[0],
            page=page,
            has_next=page * page_size < int(result["total"]),
            kept=kept,
        )
