"""The accreditation JSON API: ask, review, the badge and the desk's check."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.organisations.acting import ActingOrganisation, provide_acting_organisation
from infra.errors import NotFound
from infra.http.dependencies import provide_service
from marketplace.markets.accreditation import category_of
from marketplace.markets.accreditations import AccreditationService
from marketplace.markets.errors import MarketError
from marketplace.markets.schemas import (
    AccreditationIn,
    AccreditationOut,
    BadgeCheckOut,
    BadgeOut,
    RefusalIn,
)

ACCREDITATION = "/accreditations/{accreditation_id:uuid}"


class AccreditationController(Controller):
    path = "/api/markets/{market_id:uuid}"
    tags = ["markets"]
    guards = [requires_user]
    dependencies: dict[str, Any] = {
        "accreditations": provide_service(AccreditationService),
        "me": Provide(provide_user),
        "acting": Provide(provide_acting_organisation),
    }

    @post("/accreditations", status_code=HTTP_201_CREATED)
    async def request_accreditation(
        self,
        market_id: FromPath[UUID],
        data: JSONBody[AccreditationIn],
        me: NamedDependency[Principal],
        acting: NamedDependency[ActingOrganisation | None],
        accreditations: NamedDependency[AccreditationService],
    ) -> AccreditationOut:
        """Ask to be accredited, for the organisation the caller acts as, in one category."""
        accreditation = await accreditations.request(
            me, market_id, acting.id if acting else None, category_of(data.category)
        )
        return AccreditationOut.of(accreditation)

    @get("/accreditations/mine")
    async def mine(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        accreditations: NamedDependency[AccreditationService],
    ) -> AccreditationOut:
        found = await accreditations.mine(me, market_id)
        if found is None:
            raise NotFound(MarketError.ACCREDITATION_NOT_FOUND)
        return AccreditationOut.of(found)

    @get("/accreditations")
    async def requests(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        accreditations: NamedDependency[AccreditationService],
    ) -> list[AccreditationOut]:
        """Every request, for the market's managers and reviewers."""
        return [AccreditationOut.of(a) for a in await accreditations.of_market(me, market_id)]

    @post(ACCREDITATION + "/grant", status_code=HTTP_200_OK)
    async def grant(
        self,
        market_id: FromPath[UUID],
        accreditation_id: FromPath[UUID],
        me: NamedDependency[Principal],
        accreditations: NamedDependency[AccreditationService],
    ) -> AccreditationOut:
        return AccreditationOut.of(await accreditations.grant(me, market_id, accreditation_id))

    @post(ACCREDITATION + "/refuse", status_code=HTTP_200_OK)
    async def refuse(
        self,
        market_id: FromPath[UUID],
        accreditation_id: FromPath[UUID],
        data: JSONBody[RefusalIn],
        me: NamedDependency[Principal],
        accreditations: NamedDependency[AccreditationService],
    ) -> AccreditationOut:
        refused = await accreditations.refuse(me, market_id, accreditation_id, data.reason)
        return AccreditationOut.of(refused)

    @get("/badge")
    async def badge(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        accreditations: NamedDependency[AccreditationService],
    ) -> BadgeOut:
        """The caller's badge token (what its QR code holds): granted accreditations only."""
        accreditation, token = await accreditations.badge(me, market_id)
        return BadgeOut(token, accreditation.category.value, market_id, me.user_id)

    @get("/badges/verify")
    async def verify(
        self,
        market_id: FromPath[UUID],
        me: NamedDependency[Principal],
        accreditations: NamedDependency[AccreditationService],
        token: Annotated[str, Parameter(max_length=300)],
    ) -> BadgeCheckOut:
        """The desk's check of a badge: the signature (422 when forged), and whether the
        accreditation still holds."""
        check = await accreditations.verify(me, market_id, token)
        return BadgeCheckOut(
            valid=True,
            current=check.current,
            market_id=check.claim.market_id,
            user_id=check.claim.user_id,
            category=check.claim.category.value,
            organisation_id=check.accreditation.organisation_id if check.accreditation else None,
        )
