"""The licence deals' pages: a partner's request form, the list of one's deals (asked, and to
answer for), and a deal's page with what its side may do next (quote, decline, accept, pay
through the cart, cancel). Forms post here with their CSRF token; a refused form comes back
with its status and the reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from accounts.organisations.acting import ActingOrganisation, provide_acting_organisation
from infra.errors import Conflict, Forbidden, InvalidInput, NotFound, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n import formatting
from infra.i18n.context import N_, gettext, time_zone_var
from marketplace.licensing.contracts.service import ContractService
from marketplace.licensing.contracts.summary import paperwork_of
from marketplace.licensing.deals.controllers import DealIn, ask_from, partner_of
from marketplace.licensing.deals.domain import DealState, Offer, Side, Stage
from marketplace.licensing.deals.errors import DealError
from marketplace.licensing.deals.sellable import LICENCE_DEAL
from marketplace.licensing.deals.service import DealService
from marketplace.licensing.deals.stages import STAGE_LABELS, filtered
from marketplace.licensing.deliverables.domain import (
    DELIVERABLE_LABELS,
    MAX_FILE_BYTES,
    DeliverableKind,
)
from marketplace.licensing.deliverables.service import DeliverableService, quoted
from marketplace.licensing.errors import LicensingError
from marketplace.licensing.invoicing.service import InvoiceIssuer
from marketplace.licensing.invoicing.vat_rules import SellerStatus
from marketplace.licensing.media import MEDIUM_LABELS
from marketplace.licensing.rules import LANGUAGES
from marketplace.licensing.service import LicensingService
from marketplace.licensing.sync.labels import TIER_LABELS
from marketplace.licensing.sync.service import SyncService
from marketplace.orders.checkout import CheckoutService

DEAL_PAGE = "/licences/{deal_id:uuid}"
REQUEST_PAGE = "/licences/demander/{work_id:uuid}"
ACTIONS = ("offre", "refus", "acceptation", "annulation", "paiement")
SELLER_STATUS_LABELS = {
    SellerStatus.REGISTERED.value: N_("Assujetti à la TVA"),
    SellerStatus.FRANCHISE.value: N_("Franchise en base de TVA (art. 293 B du CGI)"),
}


def _day(raw: Any, required: bool = True) -> date | None:
    text = str(raw or "").strip()
    if not text and not required:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(LicensingError.PERIOD_REQUIRED) from None


def euros_to_cents(raw: Any) -> int:
    """Euros as a person types them: "1200", "1 200,50"."""
    text = str(raw or "").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    try:
        return int((Decimal(text.replace(",", ".")) * 100).to_integral_value())
    except InvalidOperation:
        raise InvalidInput(DealError.INVALID_PRICE) from None


def offer_from_form(form: Any) -> Offer:
    expires_on = _day(form.get("expires_on"))
    assert expires_on is not None
    # The offer runs to the end of the day it names, in the quoting person's time zone.
    zone = ZoneInfo(time_zone_var.get())
    expires_at = datetime.combine(expires_on, time(23, 59, 59), tzinfo=zone).astimezone(UTC)
    return Offer(
        euros_to_cents(form.get("price")), str(form.get("terms", ""))[:2001].strip(), expires_at
    )


def ask_from_form(work_id: UUID, form: Any) -> DealIn:
    budget = str(form.get("budget", "")).strip()
    return DealIn(
        work_id=work_id,
        medium=str(form.get("medium", ""))[:40],
        territory=str(form.get("territory", ""))[:2000],
        starts_on=_day(form.get("starts_on")),  # type: ignore[arg-type]
        ends_on=_day(form.get("ends_on"), required=False),
        exclusive=form.get("exclusive") == "on",
        language=str(form.get("language", "*"))[:20],
        intended_use=str(form.get("intended_use", ""))[:2001],
        budget_cents=euros_to_cents(budget) if budget else None,
    )


def _medium_label(value: str) -> str:
    return gettext(next((label for m, label in MEDIUM_LABELS.items() if m.value == value), value))


STATE_LABELS = {
    DealState.REQUESTED: N_("Demandée"),
    DealState.OFFERED: N_("Offre reçue"),
    DealState.ACCEPTED: N_("Acceptée, à payer"),
    DealState.LICENSED: N_("Licence accordée"),
    DealState.DECLINED: N_("Refusée"),
    DealState.CANCELLED: N_("Annulée"),
}


def _deliverable_label(kind: DeliverableKind) -> str:
    return gettext(DELIVERABLE_LABELS[kind])


def size_label(size: int) -> str:
    """A file's size as a person reads it: kilobytes under a megabyte, megabytes above."""
    if size < 1024 * 1024:
        return gettext("%(size)s ko") % {"size": formatting.number(max(1, round(size / 1024)))}
    return gettext("%(size)s Mo") % {"size": formatting.number(round(size / 1024 / 1024, 1))}


def _state_label(state: DealState) -> str:
    return gettext(STATE_LABELS[state])


async def render_deal_page(
    request: Request[Any, Any, Any], me: Principal, deal_id: UUID,
    status_code: int = 200, error: str | None = None, filled: dict[str, str] | None = None,
) -> Template:  # fmt: skip
    """The deal page, with its contract and invoice once there (the paperwork's form posts
    come back here too, `filled` with what was typed). A read-only member sees no form."""
    services = request.app.state.services
    deal, side, acts = await services.get(DealService).view(me, deal_id)
    paperwork = await paperwork_of(
        services.get(ContractService), services.get(InvoiceIssuer), me, deal_id
    )
    delivery = services.get(DeliverableService)
    deliverables = await delivery.of_deal(me, deal_id)
    holder = await services.get(DealService).holding_identity(deal)
    return render(
        request, "licensing/deal.html", me, status_code, deal=deal, side=side.value,
        rights=side is Side.RIGHTS, acts=acts, state=deal.state.value, state_label=_state_label,
        medium_label=_medium_label, error=error, paperwork=paperwork,
        deliverables=deliverables, deliverable_label=_deliverable_label,
        downloads=await delivery.downloads(me, deal_id), size_label=size_label, max_file_mb=MAX_FILE_BYTES // 2**20,
        deliverable_kinds=[(kind.value, gettext(label)) for kind, label in DELIVERABLE_LABELS.items()],
        filled=filled or {}, seller_statuses=SELLER_STATUS_LABELS, paid_by_me=deal.buyer_id == me.user_id,
        holder_organisation=holder.name if holder else "",
    )  # fmt: skip


class DealPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(
        not_found="licensing/not_found.html", forbidden="licensing/not_found.html"
    )
    dependencies = {
        "me": Provide(provide_page_user),
        "deals": provide_service(DealService),
        "acting": Provide(provide_acting_organisation),
        "sync": provide_service(SyncService),
        "licensing": provide_service(LicensingService),
    }

    @get("/licences")
    async def list_deals(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal],
        deals: NamedDependency[DealService], sync: NamedDependency[SyncService],
    ) -> Template:  # fmt: skip
        """The deals of the person's organisations and those they answer for, filtered by
        stage (`?etape=`; an unknown one shows every deal)."""
        raw = request.query_params.get("etape", "")[:20]
        wanted = Stage(raw) if raw in {stage.value for stage in Stage} else None
        asked, answering = await deals.deals(me)
        asked, asked_stages = await filtered(asked, wanted)
        answering, answering_stages = await filtered(answering, wanted)
        sync_bought, sync_sold = await sync.licences(me)
        return render(
            request, "licensing/deals.html", me, asked=asked, answering=answering,
            stages=asked_stages | answering_stages, wanted=wanted.value if wanted else "",
            stage_choices=[(stage.value, gettext(label)) for stage, label in STAGE_LABELS.items()],
            stage_label=lambda stage: gettext(STAGE_LABELS[stage]),
            medium_label=_medium_label, sync_bought=sync_bought,
            sync_sold=sync_sold, tier_label=lambda tier: gettext(TIER_LABELS[tier]),
        )  # fmt: skip

    @get(REQUEST_PAGE)
    async def request_form(
        self, request: Request[Any, Any, Any], work_id: FromPath[UUID],
        me: NamedDependency[Principal], acting: NamedDependency[ActingOrganisation | None],
        licensing: NamedDependency[LicensingService],
    ) -> Template:  # fmt: skip
        partner_of(acting)  # only verified partners ask (403 otherwise)
        title = await licensing.visible_title(me, work_id)
        if title is None:
            raise NotFound(LicensingError.WORK_NOT_FOUND)
        return self._request_page(request, me, work_id, title)

    def _request_page(
        self, request: Request[Any, Any, Any], me: Principal, work_id: UUID, title: str,
        status_code: int = 200, error: str | None = None,
    ) -> Template:  # fmt: skip
        """Pre-filled from the availability page's choice (`mode`, `du`, `au`) or the form."""
        media = [(medium.value, gettext(label)) for medium, label in MEDIUM_LABELS.items()]
        query = request.query_params
        return render(
            request, "licensing/deal_request.html", me, status_code, work_id=work_id,
            work_title=title, media=media, languages=LANGUAGES, error=error,
            chosen_medium=query.get("mode", ""), chosen_start=query.get("du", "")[:10],
            chosen_end=query.get("au", "")[:10],
        )  # fmt: skip

    @post(REQUEST_PAGE, opt={AFTER_LOGIN: "/licences"})
    async def request_licence(
        self, request: Request[Any, Any, Any], work_id: FromPath[UUID],
        me: NamedDependency[Principal], acting: NamedDependency[ActingOrganisation | None],
        deals: NamedDependency[DealService], licensing: NamedDependency[LicensingService],
    ) -> Template | Redirect:  # fmt: skip
        partner = partner_of(acting)
        form = await request.form()
        try:
            deal = await deals.request(me, partner, ask_from(ask_from_form(work_id, form)))
        except (InvalidInput, Conflict) as error:
            message = fill(gettext(error.error.message), error.params)
            title = await licensing.visible_title(me, work_id) or ""
            return self._request_page(request, me, work_id, title, error.status_code, message)
        return Redirect(f"/licences/{deal.id}", status_code=303)

    @get(DEAL_PAGE)
    async def deal_page(
        self, request: Request[Any, Any, Any], deal_id: FromPath[UUID],
        me: NamedDependency[Principal], deals: NamedDependency[DealService],
    ) -> Template:  # fmt: skip
        return await self._deal_page(request, me, deals, deal_id)

    async def _deal_page(
        self, request: Request[Any, Any, Any], me: Principal, deals: DealService,
        deal_id: UUID, status_code: int = 200, error: str | None = None,
    ) -> Template:  # fmt: skip
        return await render_deal_page(request, me, deal_id, status_code, error)

    @post(DEAL_PAGE + "/{deal_action:str}", opt={AFTER_LOGIN: "/licences"})
    async def act(
        self, request: Request[Any, Any, Any], deal_id: FromPath[UUID], deal_action: FromPath[str],
        me: NamedDependency[Principal], deals: NamedDependency[DealService],
    ) -> Template | Redirect:  # fmt: skip
        action = deal_action
        if action not in ACTIONS:
            raise NotFound(DealError.DEAL_NOT_FOUND)
        form = await request.form()
        try:
            if action == "offre":
                kinds = [str(kind)[:20] for kind in form.getall("deliverables", [])[:12]]
                items = quoted((kind, "") for kind in kinds)
                await deals.offer(me, deal_id, offer_from_form(form))
                service = request.app.state.services.get(DeliverableService)
                await service.quote(me, deal_id, items)
            elif action == "refus":
                await deals.decline(me, deal_id, str(form.get("note", ""))[:2001])
            elif action == "acceptation":
                await deals.accept(me, deal_id)
            elif action == "paiement":
                return await self._pay(request, me, deals, deal_id)
            else:
                await deals.cancel(me, deal_id)
        except (InvalidInput, Conflict, Forbidden) as error:
            message = fill(gettext(error.error.message), error.params)
            return await self._deal_page(request, me, deals, deal_id, error.status_code, message)
        return Redirect(f"/licences/{deal_id}", status_code=303)

    async def _pay(
        self, request: Request[Any, Any, Any], me: Principal, deals: DealService, deal_id: UUID
    ) -> Redirect:
        """Any acting member of the partner organisation pays: the deal becomes theirs to
        buy, goes into their cart, and they go to the cart to pay it as any purchase."""
        await deals.pay_as(me, deal_id)
        checkout = request.app.state.services.get(CheckoutService)
        await checkout.add_to_cart(me, LICENCE_DEAL, deal_id, None)
        return Redirect("/panier", status_code=303)
