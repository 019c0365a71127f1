"""The ready-made sync licences' API: a music work's tiers (read by whoever may see the work,
set by its owner), a verified partner's purchase in one step (then paid through the cart, kind
`licensing.sync`), one's licences, and a paid licence's certificate as a PDF."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import anyio
import msgspec
from litestar import Controller, Response, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from accounts.auth import provide_user
from accounts.domain import Principal
from accounts.guards import requires_user
from accounts.organisations.acting import (
    ActingOrganisation,
    provide_acting_organisation,
    requires_capability,
)
from accounts.organisations.capabilities import LICENCE_REQUESTS
from infra.http.dependencies import provide_service
from infra.i18n.context import current_language
from marketplace.licensing.deals.controllers import partner_of
from marketplace.licensing.sync.certificate import CertificateRenderer
from marketplace.licensing.sync.domain import SyncLicence, TierTerms
from marketplace.licensing.sync.service import SyncService

Loose = Annotated[str, msgspec.Meta(max_length=2000)]
Count = Annotated[int, msgspec.Meta(ge=-(2**53), le=2**53)]


class TierIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    tier: Annotated[str, msgspec.Meta(max_length=40)]
    price_cents: Count
    master_bp: Count = 5000
    offered: bool = True


class TiersIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    tiers: Annotated[list[TierIn], msgspec.Meta(max_length=20)]


class TierOut(msgspec.Struct):
    tier: str
    price_cents: int
    master_bp: int
    publishing_bp: int
    offered: bool


class BuyIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    work_id: UUID
    tier: Annotated[str, msgspec.Meta(max_length=40)]
    use: Loose  # the production the music goes into


class LicenceOut(msgspec.Struct):
    id: UUID
    work_id: UUID
    work_title: str
    tier: str
    price_cents: int
    master_bp: int
    medium: str
    territory: str
    term_months: int | None
    use: str
    licensee: str
    state: str
    created_at: datetime
    order_id: UUID | None
    starts_on: date | None
    ends_on: date | None
    number: str
    # What to put in the cart to pay for it (`POST /api/cart/items`).
    item_kind: str = "licensing.sync"


class LicencesOut(msgspec.Struct):
    bought: list[LicenceOut]
    sold: list[LicenceOut]


def tier_out(terms: TierTerms) -> TierOut:
    return TierOut(
        terms.tier.value, terms.price_cents, terms.master_bp, terms.publishing_bp, terms.offered
    )


def licence_out(licence: SyncLicence) -> LicenceOut:
    return LicenceOut(
        id=licence.id,
        work_id=licence.work_id,
        work_title=licence.work_title,
        tier=licence.terms.tier.value,
        price_cents=licence.terms.price_cents,
        master_bp=licence.terms.master_bp,
        medium=licence.scope.medium.value,
        territory=licence.scope.territory,
        term_months=licence.scope.term_months,
        use=licence.use,
        licensee=licence.licensee,
        state=licence.state.value,
        created_at=licence.created_at,
        order_id=licence.order_id,
        starts_on=licence.starts_on,
        ends_on=licence.ends_on,
        number=licence.number,
    )


def certificate_response(pdf: bytes, licence: SyncLicence) -> Response[Any]:
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "content-disposition": f'attachment; filename="lakou-{licence.number}.pdf"',
            "cache-control": "private, no-store",
        },
    )


async def certificate_pdf(renderer: CertificateRenderer, licence: SyncLicence) -> bytes:
    language = current_language()
    return await anyio.to_thread.run_sync(renderer.pdf, licence, language)


class SyncController(Controller):
    path = "/api/licensing/sync"
    tags = ["licensing"]
    guards = [requires_user]
    dependencies = {
        "sync": provide_service(SyncService),
        "renderer": provide_service(CertificateRenderer),
        "me": Provide(provide_user),
        "acting": Provide(provide_acting_organisation),
    }

    @get("/works/{work_id:uuid}/tiers")
    async def tiers(
        self, work_id: FromPath[UUID], me: NamedDependency[Principal],
        sync: NamedDependency[SyncService],
    ) -> list[TierOut]:  # fmt: skip
        """A music work's sync tiers, offered or not (the defaults until its owner sets them):
        409 `not_music` for any other work."""
        return [tier_out(terms) for terms in await sync.tiers(me, work_id)]

    @put("/works/{work_id:uuid}/tiers")
    async def set_tiers(
        self, work_id: FromPath[UUID], data: JSONBody[TiersIn], me: NamedDependency[Principal],
        sync: NamedDependency[SyncService],
    ) -> list[TierOut]:  # fmt: skip
        """The owner sets tiers' prices (cents, 1 € to 1 M€), the master side's share of the
        fee (basis points; the publishing side has the rest) and whether each is offered."""
        wanted = [(t.tier, t.price_cents, t.master_bp, t.offered) for t in data.tiers]
        return [tier_out(terms) for terms in await sync.set_tiers(me, work_id, wanted)]

    @post("/licences", status_code=HTTP_201_CREATED, guards=[requires_capability(LICENCE_REQUESTS)])
    async def buy(
        self, data: JSONBody[BuyIn], me: NamedDependency[Principal],
        acting: NamedDependency[ActingOrganisation | None], sync: NamedDependency[SyncService],
    ) -> LicenceOut:  # fmt: skip
        """A verified partner buys a tier's licence for a production (`use`): a pending
        licence to pay through the cart. 409 `tier_not_offered` when the rights holder does
        not offer that tier; 422 `unknown_tier`."""
        licence = await sync.buy(me, partner_of(acting), data.work_id, data.tier, data.use)
        return licence_out(licence)

    @get("/licences")
    async def mine(
        self, me: NamedDependency[Principal], sync: NamedDependency[SyncService]
    ) -> LicencesOut:
        bought, sold = await sync.licences(me)
        return LicencesOut([licence_out(x) for x in bought], [licence_out(x) for x in sold])

    @get("/licences/{licence_id:uuid}")
    async def one(
        self, licence_id: FromPath[UUID], me: NamedDependency[Principal],
        sync: NamedDependency[SyncService],
    ) -> LicenceOut:  # fmt: skip
        return licence_out(await sync.get(me, licence_id))

    @get("/licences/{licence_id:uuid}/certificate.pdf", media_type="application/pdf")
    async def certificate(
        self, licence_id: FromPath[UUID], me: NamedDependency[Principal],
        sync: NamedDependency[SyncService], renderer: NamedDependency[CertificateRenderer],
    ) -> Response[Any]:  # fmt: skip
        """The paid licence's certificate (404 `certificate_not_ready` before payment)."""
        licence = await sync.certified(me, licence_id)
        return certificate_response(await certificate_pdf(renderer, licence), licence)
