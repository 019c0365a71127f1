"""The stands JSON API: open a stand, the exhibitor's edits, search, documents, market prices."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_principal, provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.organisations.documents import MAX_DOCUMENT_BYTES
from accounts.organisations.staff_controllers import attachment
from infra.errors import InvalidInput
from infra.http.dependencies import provide_service
from marketplace.markets.errors import MarketError
from marketplace.markets.market_prices import MarketPrices
from marketplace.markets.schemas import (
    DocumentOut,
    StandDetailsIn,
    StandIn,
    StandOut,
    StandWorkOut,
    StandWorksIn,
)
from marketplace.markets.stand import Audience, DocumentKind, ExhibitorKind
from marketplace.markets.stand_repository import StandFilter
from marketplace.markets.stands import StandService, StandView
from marketplace.markets.visitors import VisitorKeys
from marketplace.offers.schemas import OfferOut, TermsIn
from marketplace.offers.service import terms_from

Query = Annotated[str | None, Parameter(max_length=100)]

DEPENDENCIES: dict[str, Any] = {
    "stands": provide_service(StandService),
    "prices": provide_service(MarketPrices),
    "visitors": provide_service(VisitorKeys),
    "viewer": Provide(provide_principal),
    "me": Provide(provide_user),
}


def _enum(kind: Any, value: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(MarketError.INVALID_EXHIBITOR) from None


async def stand_out(view: StandView, prices: MarketPrices) -> StandOut:
    out = StandOut.of(view.stand)
    found = await prices.of_works(view.market.id, [work.id for work in view.works])
    out.works = [StandWorkOut.of(work, found.get(work.id)) for work in view.works]
    out.documents = [DocumentOut.of(view.market.id, d) for d in view.documents]
    return out


class MarketStandController(Controller):
    path = "/api/markets/{market_id:uuid}"
    tags = ["markets"]
    dependencies = DEPENDENCIES

    @post("/stands", status_code=HTTP_201_CREATED, guards=[requires_user])
    async def open_stand(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[StandIn],
        me: NamedDependency[Principal],
        stands: NamedDependency[StandService],
    ) -> StandOut:
        """The market's managers give an exhibitor (a creator profile or an organisation) a stand."""
        kind = _enum(ExhibitorKind, data.exhibitor_kind)
        stand = await stands.open_stand(
            me, market_id, kind, creator_id=data.creator_id, organisation_id=data.organisation_id
        )
        return StandOut.of(stand)

    @get("/stands")
    async def search(
        self,
        market_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        stands: NamedDependency[StandService],
        discipline: Query = None,
        q: Query = None,
        commune: Query = None,
    ) -> list[StandOut]:
        """The market's stands, filtered by discipline, name (accents folded) and commune."""
        where = StandFilter(discipline=discipline, name=q, commune_code=commune)
        return [StandOut.of(stand) for stand in await stands.search(viewer, market_id, where)]

    @get("/stands/{stand_id:uuid}")
    async def show(
        self,
        market_id: FromPath[UUID],
        stand_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        stands: NamedDependency[StandService],
        prices: NamedDependency[MarketPrices],
        visitors: NamedDependency[VisitorKeys],
    ) -> StandOut:
        """A stand: the works its visitor may see with their prices, the documents open to them."""
        view = await stands.view(viewer, market_id, stand_id)
        await stands.visited(view.market, view.stand, visitors.key(viewer), viewer is not None)
        return await stand_out(view, prices)

    @get("/documents/{stand_document_id:uuid}")
    async def document(
        self,
        market_id: FromPath[UUID],
        stand_document_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        stands: NamedDependency[StandService],
    ) -> Response[bytes]:
        """A stand's document; an accredited-only one is not found for the unaccredited."""
        document, content = await stands.document(viewer, market_id, stand_document_id)
        return attachment(content, document.content_type, document.filename)


class StandController(Controller):
    path = "/api/stands"
    tags = ["markets"]
    guards = [requires_user]
    dependencies = DEPENDENCIES

    @get("/mine")
    async def mine(
        self, me: NamedDependency[Principal], stands: NamedDependency[StandService]
    ) -> list[StandOut]:
        """The stands the caller exhibits at: their creator profiles' and their organisations'."""
        return [StandOut.of(stand) for stand in await stands.mine(me)]

    @put("/{stand_id:uuid}")
    async def update(
        self,
        stand_id: FromPath[UUID],
        data: JSONBody[StandDetailsIn],
        me: NamedDependency[Principal],
        stands: NamedDependency[StandService],
    ) -> StandOut:
        """The exhibitor's presentation, contacts, tables and live slots (https links only)."""
        stand = await stands.update(me, stand_id, data.details(), data.disciplines)
        return StandOut.of(stand)

    @put("/{stand_id:uuid}/works")
    async def works(
        self,
        stand_id: FromPath[UUID],
        data: JSONBody[StandWorksIn],
        me: NamedDependency[Principal],
        stands: NamedDependency[StandService],
    ) -> StandOut:
        """The works shown on the stand, in order: the exhibitor's own only."""
        return StandOut.of(await stands.select_works(me, stand_id, data.work_ids))

    @post(
        "/{stand_id:uuid}/documents",
        status_code=HTTP_201_CREATED,
        request_max_body_size=MAX_DOCUMENT_BYTES,
    )
    async def add_document(
        self,
        request: Request[Any, Any, Any],
        stand_id: FromPath[UUID],
        me: NamedDependency[Principal],
        stands: NamedDependency[StandService],
        kind: Annotated[str, Parameter(max_length=30)] = "press_kit",
        audience: Annotated[str, Parameter(max_length=30)] = "public",
        filename: Annotated[str, Parameter(max_length=300)] = "document.pdf",
    ) -> DocumentOut:
        """A PDF as the raw body: a press kit or a technical sheet, public or accredited-only."""
        content = await request.body()
        document = await stands.add_document(
            me,
            stand_id,
            _enum(DocumentKind, kind),
            _enum(Audience, audience),
            filename,
            content,
        )
        _, market = await stands.editable(me, stand_id)
        return DocumentOut.of(market.id, document)

    @put("/{stand_id:uuid}/works/{work_id:uuid}/market-price", status_code=HTTP_200_OK)
    async def market_price(
        self,
        stand_id: FromPath[UUID],
        work_id: FromPath[UUID],
        data: JSONBody[TermsIn],
        me: NamedDependency[Principal],
        prices: NamedDependency[MarketPrices],
    ) -> OfferOut:
        """A work's price in this market, sold only during its window (its everyday price
        stays everywhere else)."""
        terms = terms_from(data.pricing, data.price_cents, data.minimum_cents)
        return OfferOut.of(await prices.set_price(me, stand_id, work_id, terms))
