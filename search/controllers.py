"""The search API: `GET /api/search` and `GET /api/search/suggest`.

Anyone may search; staff, and people acting as a verified export-partner organisation (header
`X-Lakou-Organisation`), get the partner view: rights fields in every hit, and rights filters
(`territory`, `licence_type`).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide

from accounts.auth import provide_principal
from accounts.domain import Principal
from accounts.organisations.acting import ActingOrganisation, provide_acting_organisation
from infra.http.dependencies import provide_service
from search.params import Params, parse_search, parse_suggest
from search.service import SearchService, view_for


def _params(request: Request[Any, Any, Any]) -> Params:
    query = request.query_params
    return {name: list(query.getall(name)) for name in set(query.keys())}


class SearchController(Controller):
    path = "/api/search"
    tags = ["search"]
    dependencies = {
        "search": provide_service(SearchService),
        "viewer": Provide(provide_principal),
        "acting": Provide(provide_acting_organisation),
    }

    @get("/")
    async def search(
        self,
        request: Request[Any, Any, Any],
        search: NamedDependency[SearchService],
        viewer: NamedDependency[Principal | None],
        acting: NamedDependency[ActingOrganisation | None],
    ) -> dict[str, Any]:
        """Search published works.

        Parameters (query string): `q` (words, at most 200 characters); facets, each repeatable
        (values of one facet are alternatives): `discipline`, `language`, `commune`,
        `availability` (buy, stream, licence, free); `has_preview` (true/false); ranges
        `year_min`/`year_max`, `duration_min`/`duration_max` (seconds), `price_min`/`price_max`
        (cents); `sort` (relevance, newest, price_asc, price_desc); `page` and `page_size`
        (1-50). Verified export partners and staff also filter by `territory` (ISO country) and
        `licence_type`. Unknown parameters are refused (`unknown_facet`).
        """
        query = parse_search(_params(request), view_for(viewer, acting))
        return (await search.search(query)).to_dict()

    @get("/suggest")
    async def suggest(
        self, request: Request[Any, Any, Any], search: NamedDependency[SearchService]
    ) -> dict[str, Any]:
        """Works whose title or creator starts like `q`, for search as you type (`limit` 1-10)."""
        text, limit = parse_suggest(_params(request))
        found = await search.suggest(text, limit) if text else []
        return {
            "items": [
                {"id": item.id, "title": item.title, "creator_name": item.creator_name}
                for item in found
            ]
        }
