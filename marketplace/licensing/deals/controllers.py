"""The licence deals API: verified partners ask and accept; the rights side offers or declines;
either side cancels before payment. Payment goes through the cart (`licensing.deal` items)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.organisations.acting import (
    ActingOrganisation,
    OrganisationRequired,
    provide_acting_organisation,
    requires_capability,
)
from accounts.organisations.capabilities import LICENCE_REQUESTS
from accounts.organisations.errors import OrganisationError
from infra.errors import Forbidden, InvalidInput
from infra.http.dependencies import provide_service
from marketplace.licensing import rules
from marketplace.licensing.deals.domain import Deal, Offer, Side, Stage
from marketplace.licensing.deals.errors import DealError
from marketplace.licensing.deals.service import DealAsk, DealService, Partner
from marketplace.licensing.deals.stages import filtered, parse_stage
from marketplace.licensing.domain import ALL_LANGUAGES, Grant

DEAL = "/{deal_id:uuid}"
Cents = Annotated[int, msgspec.Meta(ge=0, le=2**31 - 1)]


class DealIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    work_id: UUID
    medium: str
    territory: str
    starts_on: date
    ends_on: date | None = None
    exclusive: bool = False
    language: str = ALL_LANGUAGES
    intended_use: str = ""
    budget_cents: Cents | None = None


class OfferIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    price_cents: int
    expires_at: datetime
    terms: str = ""


class DeclineIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    note: str = ""


class DealOut(msgspec.Struct):
    id: UUID
    work_id: UUID
    state: str
    side: str  # the caller's: partner or rights
    medium: str
    language: str
    territory: str
    countries: list[str]
    starts_on: date
    ends_on: date | None
    exclusive: bool
    licensee: str
    intended_use: str
    budget_cents: int | None
    price_cents: int | None
    terms: str
    offer_expires_at: datetime | None
    note: str
    order_id: UUID | None
    # Where it stands, as lists filter it: requested, quoted, accepted, contract, invoiced,
    # licensed, closed (declined, expired or cancelled).
    stage: str = ""
    paid_by: UUID | None = None  # the partner member whose cart may hold it


class DealsOut(msgspec.Struct):
    asked: list[DealOut]  # as a partner
    answering: list[DealOut]  # as the rights side


def deal_out(deal: Deal, side: Side, stage: Stage | None = None) -> DealOut:
    grant, offer = deal.grant, deal.offer
    return DealOut(
        id=deal.id,
        work_id=deal.work_id,
        state=deal.state.value,
        side=side.value,
        medium=grant.medium,
        language=grant.language,
        territory=deal.territory,
        countries=sorted(grant.countries),
        starts_on=grant.period.start,
        ends_on=grant.period.ends_on,
        exclusive=grant.exclusive,
        licensee=deal.licensee,
        intended_use=deal.intended_use,
        budget_cents=deal.budget_cents,
        price_cents=offer.price_cents if offer else None,
        terms=offer.terms if offer else "",
        offer_expires_at=offer.expires_at if offer else None,
        note=deal.note,
        order_id=deal.order_id,
        stage=stage.value if stage else "",
        paid_by=deal.buyer_id if side is Side.PARTNER else None,
    )


def ask_from(data: DealIn) -> DealAsk:
    grant = Grant(
        rules.medium(data.medium),
        rules.language(data.language),
        rules.countries(data.territory),
        rules.period(data.starts_on, data.ends_on),
        data.exclusive,
    )
    return DealAsk(data.work_id, grant, data.territory, data.intended_use, data.budget_cents)


def partner_of(acting: ActingOrganisation | None) -> Partner:
    """The verified partner organisation the caller asks for; a read-only member asks for
    nothing (403 `read_only`)."""
    if acting is None or not acting.unlocks(LICENCE_REQUESTS):
        kinds = ", ".join(sorted(kind.value for kind in LICENCE_REQUESTS.kinds))
        raise OrganisationRequired(OrganisationError.VERIFIED_ORGANISATION_REQUIRED, kinds=kinds)
    if not acting.role.acts:
        raise Forbidden(DealError.READ_ONLY)
    return Partner(acting.id, acting.name)


def offer_from(data: OfferIn) -> Offer:
    if data.expires_at.tzinfo is None:
        raise InvalidInput(DealError.INVALID_EXPIRY)
    return Offer(data.price_cents, data.terms.strip(), data.expires_at)


class DealController(Controller):
    path = "/api/licensing/deals"
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {
        "deals": provide_service(DealService),
        "me": Provide(provide_user),
        "acting": Provide(provide_acting_organisation),
    }

    @post("/", status_code=HTTP_201_CREATED, guards=[requires_capability(LICENCE_REQUESTS)])
    async def request_licence(
        self,
        data: JSONBody[DealIn],
        me: NamedDependency[Principal],
        acting: NamedDependency[ActingOrganisation | None],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        """A verified export partner asks for a licence: a work, a medium, a territory
        (`north_america -MX`), a period, exclusivity, a language version, the intended use and
        a budget. 409 `outside_mandate` when no mandate offers it all, `exclusive_conflict`
        when an existing (or accepted) deal's exclusivity stands in the way."""
        deal = await deals.request(me, partner_of(acting), ask_from(data))
        return deal_out(deal, Side.PARTNER)

    @get("/")
    async def mine(
        self,
        me: NamedDependency[Principal],
        deals: NamedDependency[DealService],
        stage: Annotated[str | None, QueryParameter(name="stage", max_length=20)] = None,
    ) -> DealsOut:
        """The deals of every organisation the caller belongs to (whoever of its members
        asked), and those they answer for; `stage` keeps one stage (422 `unknown_stage`)."""
        wanted = parse_stage(stage)
        asked, answering = await deals.deals(me)
        asked, asked_stages = await filtered(asked, wanted)
        answering, answering_stages = await filtered(answering, wanted)
        return DealsOut(
            [deal_out(d, Side.PARTNER, asked_stages[d.id]) for d in asked],
            [deal_out(d, Side.RIGHTS, answering_stages[d.id]) for d in answering],
        )

    @get(DEAL)
    async def one(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        deal, side = await deals.get(me, deal_id)
        return deal_out(deal, side, (await filtered([deal], None))[1][deal.id])

    @post(DEAL + "/offer", status_code=HTTP_200_OK)
    async def offer(
        self,
        deal_id: FromPath[UUID],
        data: JSONBody[OfferIn],
        me: NamedDependency[Principal],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        """The rights side quotes: a price (cents, what the partner pays), terms, an expiry."""
        return deal_out(await deals.offer(me, deal_id, offer_from(data)), Side.RIGHTS)

    @post(DEAL + "/decline", status_code=HTTP_200_OK)
    async def decline(
        self,
        deal_id: FromPath[UUID],
        data: JSONBody[DeclineIn],
        me: NamedDependency[Principal],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        return deal_out(await deals.decline(me, deal_id, data.note), Side.RIGHTS)

    @post(DEAL + "/accept", status_code=HTTP_200_OK)
    async def accept(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        """The partner signs the offer; then pays it through the cart (`licensing.deal`)."""
        return deal_out(await deals.accept(me, deal_id), Side.PARTNER)

    @post(DEAL + "/payer", status_code=HTTP_200_OK)
    async def pay_as_me(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        """A member of the partner organisation (not read-only) takes the accepted deal to
        pay it: only their cart may hold it from now (`paid_by`), then add it to the cart as
        `licensing.deal`. 403 `read_only`, 409 `deal_state` before acceptance or once paid."""
        return deal_out(await deals.pay_as(me, deal_id), Side.PARTNER)

    @post(DEAL + "/cancel", status_code=HTTP_200_OK)
    async def cancel(
        self,
        deal_id: FromPath[UUID],
        me: NamedDependency[Principal],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        deal = await deals.cancel(me, deal_id)
        _, side = await deals.get(me, deal_id)
        return deal_out(deal, side)
