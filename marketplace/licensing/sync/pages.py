"""The ready-made sync licences' pages: a partner buys a tier from a music work's availability
page (then pays through the cart), reads the licence and downloads its certificate; the work's
owner sets the tiers in the studio. Forms post here with their CSRF token; a refused form comes
back with its status and the reason."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from accounts.organisations.acting import ActingOrganisation, provide_acting_organisation
from infra.errors import Conflict, InvalidInput, NotFound, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext
from marketplace.licensing.deals.controllers import partner_of
from marketplace.licensing.media import MEDIUM_LABELS
from marketplace.licensing.sync.certificate import CertificateRenderer
from marketplace.licensing.sync.controllers import certificate_pdf, certificate_response
from marketplace.licensing.sync.domain import SCOPES, SyncTier, TierTerms
from marketplace.licensing.sync.errors import SyncError
from marketplace.licensing.sync.invoicing import SyncInvoicing
from marketplace.licensing.sync.labels import TIER_LABELS, TIER_USES
from marketplace.licensing.sync.sellable import SYNC_LICENCE
from marketplace.licensing.sync.service import SyncService

BUY = "/licences/oeuvres/{work_id:uuid}/synchro"
LICENCE = "/licences/synchro/{licence_id:uuid}"
TIERS = "/studio/oeuvres/{work_id:uuid}/synchro"
NOT_FOUND = "licensing/not_found.html"


def tier_helpers() -> dict[str, Any]:
    """What the tier menus need, for the availability page and these."""
    return {
        "tier_label": lambda tier: gettext(TIER_LABELS[tier]),
        "tier_use": lambda tier: gettext(TIER_USES[tier]),
        "medium_name": lambda medium: gettext(MEDIUM_LABELS[medium]),
        "sync_scopes": SCOPES,
    }


def _cents(raw: Any) -> int:
    text = str(raw or "").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:
        return int((Decimal(text.replace(",", ".")) * 100).to_integral_value())
    except InvalidOperation:
        raise InvalidInput(SyncError.INVALID_PRICE) from None


def _percent_bp(raw: Any) -> int:
    text = str(raw or "").strip().replace(",", ".")
    try:
        return int((Decimal(text) * 100).to_integral_value())
    except InvalidOperation:
        raise InvalidInput(SyncError.INVALID_SIDES) from None


def tiers_from_form(form: Any) -> list[tuple[str, int, int, bool]]:
    return [
        (
            tier.value,
            _cents(form.get(f"{tier.value}-price")),
            _percent_bp(form.get(f"{tier.value}-master")),
            form.get(f"{tier.value}-offered") == "on",
        )
        for tier in SyncTier
    ]


class SyncPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND, forbidden=NOT_FOUND)
    dependencies = {
        "me": Provide(provide_page_user),
        "sync": provide_service(SyncService),
        "renderer": provide_service(CertificateRenderer),
        "acting": Provide(provide_acting_organisation),
        "billing": provide_service(SyncInvoicing),
    }

    @post(BUY, opt={AFTER_LOGIN: "/licences"})
    async def buy(
        self, request: Request[Any, Any, Any], work_id: FromPath[UUID],
        me: NamedDependency[Principal], acting: NamedDependency[ActingOrganisation | None],
        sync: NamedDependency[SyncService],
    ) -> Template | Redirect:  # fmt: skip
        partner = partner_of(acting)  # only verified partners buy (403 otherwise)
        form = await request.form()
        tier, use = str(form.get("tier", ""))[:40], str(form.get("use", ""))[:2001]
        try:
            licence = await sync.buy(me, partner, work_id, tier, use)
        except (InvalidInput, Conflict) as error:
            return render(
                request, "licensing/sync_buy.html", me, error.status_code, work_id=work_id,
                sync_tiers=await sync.offered_tiers(me, work_id),
                sync_error=fill(gettext(error.error.message), error.params), chosen_tier=tier,
                chosen_use=use, **tier_helpers(),
            )  # fmt: skip
        return Redirect(f"/licences/synchro/{licence.id}", status_code=303)

    @get(LICENCE)
    async def licence(
        self, request: Request[Any, Any, Any], licence_id: FromPath[UUID],
        me: NamedDependency[Principal], sync: NamedDependency[SyncService],
        billing: NamedDependency[SyncInvoicing],
    ) -> Template:  # fmt: skip
        licence = await sync.get(me, licence_id)
        try:
            invoice: dict[str, Any] | None = await billing.invoice(me, licence_id)
        except NotFound:
            invoice = None  # not paid yet, or bought before invoices
        return render(
            request, "licensing/sync_licence.html", me, licence=licence, invoice=invoice,
            buyer=licence.buyer_id == me.user_id, item_kind=SYNC_LICENCE, **tier_helpers(),
        )  # fmt: skip

    @get(LICENCE + "/certificat.pdf", media_type="application/pdf")
    async def certificate(
        self, licence_id: FromPath[UUID], me: NamedDependency[Principal],
        sync: NamedDependency[SyncService], renderer: NamedDependency[CertificateRenderer],
    ) -> Response[Any]:  # fmt: skip
        licence = await sync.certified(me, licence_id)
        return certificate_response(await certificate_pdf(renderer, licence), licence)

    @get(TIERS)
    async def tiers(
        self, request: Request[Any, Any, Any], work_id: FromPath[UUID],
        me: NamedDependency[Principal], sync: NamedDependency[SyncService],
    ) -> Template:  # fmt: skip
        await sync.editable(me, work_id)
        return self._tiers_page(request, me, work_id, await sync.tiers(me, work_id))

    def _tiers_page(
        self, request: Request[Any, Any, Any], me: Principal, work_id: UUID,
        tiers: list[TierTerms], status_code: int = 200, error: str | None = None,
    ) -> Template:  # fmt: skip
        return render(
            request, "licensing/sync_tiers.html", me, status_code, work_id=work_id,
            tiers=tiers, error=error, **tier_helpers(),
        )  # fmt: skip

    @post(TIERS, opt={AFTER_LOGIN: "/studio"})
    async def set_tiers(
        self, request: Request[Any, Any, Any], work_id: FromPath[UUID],
        me: NamedDependency[Principal], sync: NamedDependency[SyncService],
    ) -> Template | Redirect:  # fmt: skip
        await sync.editable(me, work_id)
        form = await request.form()
        try:
            await sync.set_tiers(me, work_id, tiers_from_form(form))
        except (InvalidInput, Conflict) as error:
            message = fill(gettext(error.error.message), error.params)
            tiers = await sync.tiers(me, work_id)
            return self._tiers_page(request, me, work_id, tiers, error.status_code, message)
        return Redirect(f"/studio/oeuvres/{work_id}/synchro#tiers", status_code=303)
