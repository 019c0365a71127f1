"""The partner API's licence requests (`licences:write`): the request page's flow, made with
a key. The deal flow's rules apply unchanged (DealService): a verified export partner
organisation (403 otherwise), a public work (404), inside the mandates (409
`outside_mandate`), no exclusivity conflict (409 `exclusive_conflict`)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from accounts.apikeys.domain import Scope
from accounts.apikeys.partner_auth import PartnerCaller, provide_partner, requires_scope
from infra.errors import NotFound
from infra.http.dependencies import provide_service
from infra.http.openapi_errors import RATE_LIMITED_ROUTE
from marketplace.licensing.deals.controllers import DealIn, DealOut, ask_from, deal_out, partner_of
from marketplace.licensing.deals.errors import DealError
from marketplace.licensing.deals.service import DealService
from marketplace.partners.key_holder import key_holder


class PartnerLicenceController(Controller):
    path = "/api/partner/v1/licences"
    tags = ["partner API"]
    guards = [requires_scope(Scope.LICENCES_WRITE)]
    dependencies = {"partner": Provide(provide_partner), "deals": provide_service(DealService)}
    security = [{"partnerKey": []}]
    opt = {RATE_LIMITED_ROUTE: True}

    @post("/", status_code=HTTP_201_CREATED)
    async def request_licence(
        self,
        data: JSONBody[DealIn],
        partner: NamedDependency[PartnerCaller],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        """Ask the rights side for a licence (medium, territory expression, period, exclusivity,
        language version), in the name of the key's maker and as its organisation. The rights
        side quotes on Lakou; the deal is followed at `/licences/{id}` or here."""
        who, acting = await key_holder(partner.key)
        deal = await deals.request(who, partner_of(acting), ask_from(data))
        _, side = await deals.get(who, deal.id)
        return deal_out(deal, side)

    @get("/{deal_id:uuid}")
    async def read(
        self,
        deal_id: FromPath[UUID],
        partner: NamedDependency[PartnerCaller],
        deals: NamedDependency[DealService],
    ) -> DealOut:
        """A licence request of the key's organisation (whoever of its members asked): its
        state, the offer once quoted."""
        who, _ = await key_holder(partner.key)
        deal, side = await deals.get(who, deal_id)
        # The maker's requests as this organisation only, not those of their other ones.
        if deal.partner_org_id != partner.organisation_id:
            raise NotFound(DealError.DEAL_NOT_FOUND)
        return deal_out(deal, side)
