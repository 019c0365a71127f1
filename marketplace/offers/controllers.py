"""The offers JSON API: a work's price, bundles, discount codes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from accounts.auth import provide_principal, provide_user
from accounts.domain import Principal, Role
from accounts.guards import requires_role, requires_user
from infra.http.dependencies import provide_service
from marketplace.offers.errors import OfferError
from marketplace.offers.schemas import (
    BundleIn,
    DiscountCodeIn,
    DiscountCodeOut,
    OfferOut,
    TermsIn,
)
from marketplace.offers.service import OfferService, terms_from

_DEPENDENCIES: dict[str, Any] = {
    "offers": provide_service(OfferService),
    "viewer": Provide(provide_principal),
    "me": Provide(provide_user),
}


requires_sellers = requires_role(
    Role.CREATOR,
    Role.ORGANISER,
    Role.STAFF,
    error=OfferError.SELLERS_ONLY,
)


class WorkOfferController(Controller):
    path = "/api/works/{work_id:uuid}"
    tags = ["marketplace"]
    dependencies = _DEPENDENCIES

    @get("/offers")
    async def list_offers(
        self,
        work_id: FromPath[UUID],
        viewer: NamedDependency[Principal | None],
        offers: NamedDependency[OfferService],
    ) -> list[OfferOut]:
        """What a work is sold as: its own offer and the bundles that contain it."""
        return [OfferOut.of(offer) for offer in await offers.offers_for_work(viewer, work_id)]

    @put("/offer", status_code=HTTP_200_OK, guards=[requires_user])
    async def set_offer(
        self,
        work_id: FromPath[UUID],
        data: JSONBody[TermsIn],
        me: NamedDependency[Principal],
        offers: NamedDependency[OfferService],
    ) -> OfferOut:
        """Set the work's price: fixed, pay what you want (with a minimum) or free."""
        terms = terms_from(data.pricing, data.price_cents, data.minimum_cents)
        return OfferOut.of(await offers.set_work_offer(me, work_id, terms))

    @delete("/offer", status_code=HTTP_204_NO_CONTENT, guards=[requires_user])
    async def remove_offer(
        self,
        work_id: FromPath[UUID],
        me: NamedDependency[Principal],
        offers: NamedDependency[OfferService],
    ) -> None:
        await offers.remove_work_offer(me, work_id)


class OfferController(Controller):
    path = "/api/offers"
    tags = ["marketplace"]
    guards = [requires_user]
    dependencies = _DEPENDENCIES

    @post("/bundles", status_code=HTTP_201_CREATED)
    async def create_bundle(
        self,
        data: JSONBody[BundleIn],
        me: NamedDependency[Principal],
        offers: NamedDependency[OfferService],
    ) -> OfferOut:
        """A bundle: a creator's discography, or a curated selection (staff)."""
        terms = terms_from(data.pricing, data.price_cents, data.minimum_cents)
        return OfferOut.of(await offers.create_bundle(me, data.title, data.work_ids, terms))

    @get("/mine")
    async def mine(
        self, me: NamedDependency[Principal], offers: NamedDependency[OfferService]
    ) -> list[OfferOut]:
        return [OfferOut.of(offer) for offer in await offers.offers_of_seller(me)]

    @delete("/{offer_id:uuid}", status_code=HTTP_204_NO_CONTENT)
    async def withdraw(
        self,
        offer_id: FromPath[UUID],
        me: NamedDependency[Principal],
        offers: NamedDependency[OfferService],
    ) -> None:
        await offers.withdraw_offer(me, offer_id)


class DiscountCodeController(Controller):
    path = "/api/discount-codes"
    tags = ["marketplace"]
    guards = [requires_user]
    dependencies = _DEPENDENCIES

    @post("/", status_code=HTTP_201_CREATED, guards=[requires_sellers])
    async def create(
        self,
        data: JSONBody[DiscountCodeIn],
        me: NamedDependency[Principal],
        offers: NamedDependency[OfferService],
    ) -> DiscountCodeOut:
        """A percentage (value in basis points) or an amount (cents) off the seller's offers."""
        code = await offers.create_code(
            me,
            code=data.code,
            kind=data.kind,
            value=data.value,
            max_uses=data.max_uses,
            expires_at=data.expires_at,
            stackable=data.stackable,
        )
        return DiscountCodeOut.of(code)

    @get("/")
    async def list_codes(
        self, me: NamedDependency[Principal], offers: NamedDependency[OfferService]
    ) -> list[DiscountCodeOut]:
        return [DiscountCodeOut.of(code) for code in await offers.codes_of(me)]
