"""A rights holder's own page (`/revenus`): their Connect status and "Get paid", the works and
shares they hold, what they are owed, their payouts and statements; and the two addresses
Stripe sends them back to (return, and refresh when a link expired or was used)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from babel import Locale
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from infra.errors import InvalidInput, NotFound, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n import formatting
from infra.i18n.context import N_, current_language, gettext
from infra.i18n.languages import BY_TAG
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.revenue.connect.service import ConnectService
from marketplace.revenue.connect.views import HolderViews
from marketplace.revenue.schedule import RevenueSettings
from marketplace.revenue.statement_service import StatementService

PAGE = "/revenus"
# Stripe onboards the overseas departments as France; the form offers them by their own name.
COUNTRIES = ("MQ", "GP", "GF", "RE", "YT", "FR", "BE", "CA", "CH", "DE", "ES", "GB", "IT", "US")
CONNECT_STATES = {
    "not_started": N_("Pas encore de compte de versement"),
    "started": N_("Inscription à finir"),
    "in_review": N_("Inscription envoyée : Stripe la vérifie"),
    "enabled": N_("Versements activés"),
    "disconnected": N_("Compte déconnecté de Lakou"),
}
PAYOUT_STATES = {
    "pending": N_("En attente"),
    "sent": N_("Envoyé"),
    "failed": N_("Refusé"),
}
ROLES = {
    "creator": N_("Créateur ou créatrice"),
    "author": N_("Auteur ou autrice"),
    "composer": N_("Compositeur ou compositrice"),
    "lyricist": N_("Parolier ou parolière"),
    "performer": N_("Interprète"),
    "producer": N_("Producteur ou productrice"),
    "label": N_("Label"),
    "publisher": N_("Éditeur ou éditrice"),
    "director": N_("Réalisateur ou réalisatrice"),
    "screenwriter": N_("Scénariste"),
    "illustrator": N_("Illustrateur ou illustratrice"),
    "translator": N_("Traducteur ou traductrice"),
    "developer": N_("Développeur ou développeuse"),
    "other": N_("Autre"),
}


def _label(labels: dict[str, str]) -> Any:
    return lambda value: gettext(labels[value]) if value in labels else value


def _countries() -> list[tuple[str, str]]:
    # CLDR's names in the page's language (Creole reads them as fr_MQ: CLDR has no gcf).
    names = Locale.parse(BY_TAG[current_language()].formats).territories
    return [(code, names.get(code, code)) for code in COUNTRIES]


class HolderPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "views": provide_service(HolderViews),
        "connect": provide_service(ConnectService),
        "statements": provide_service(StatementService),
        "settings": provide_service(RevenueSettings),
    }

    @get(PAGE)
    async def overview(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal],
        views: NamedDependency[HolderViews], connect: NamedDependency[ConnectService],
        settings: NamedDependency[RevenueSettings],
    ) -> Template:  # fmt: skip
        return await self._page(request, me, views, connect, settings)

    async def _page(
        self, request: Request[Any, Any, Any], me: Principal, views: HolderViews,
        connect: ConnectService, settings: RevenueSettings, status_code: int = 200,
        error: str | None = None,
    ) -> Template:  # fmt: skip
        response = render(
            request, "revenue/holder.html", me, status_code, view=await views.overview(me),
            countries=_countries(), test_accounts=connect.is_test, error=error,
            connect_state=_label(CONNECT_STATES), payout_state=_label(PAYOUT_STATES),
            role_label=_label(ROLES), rate=formatting.rate,
            min_payout_cents=settings.payout_min_cents,
        )  # fmt: skip
        response.headers["cache-control"] = "no-store"
        return response

    @post(PAGE + "/etre-paye", opt={AFTER_LOGIN: PAGE})
    async def get_paid(
        self, request: Request[Any, Any, Any], me: NamedDependency[Principal],
        views: NamedDependency[HolderViews], connect: NamedDependency[ConnectService],
        settings: NamedDependency[RevenueSettings],
    ) -> Template | Redirect:  # fmt: skip
        """Make the person's account (once) and send them to Stripe's onboarding form."""
        form = await request.form()
        try:
            url = await connect.onboarding_url(me, str(form.get("country", "")))
        except InvalidInput as error:
            message = fill(gettext(error.error.message), error.params)
            return await self._page(
                request, me, views, connect, settings, error.status_code, message
            )
        return Redirect(url, status_code=303)

    @post(PAGE + "/connect/tableau-de-bord", opt={AFTER_LOGIN: PAGE})
    async def dashboard(
        self, me: NamedDependency[Principal], connect: NamedDependency[ConnectService]
    ) -> Redirect:
        """Stripe's Express dashboard (its payouts, bank account): a single-use link made
        on each click. Without an onboarded account, the not-found page."""
        return Redirect(await connect.dashboard_url(me), status_code=303)

    @get(PAGE + "/connect/retour")
    async def returned(
        self, me: NamedDependency[Principal], connect: NamedDependency[ConnectService]
    ) -> Redirect:
        """Back from Stripe: read the account (finished or not), then show the page."""
        await connect.returned(me)
        return Redirect(PAGE, status_code=303)

    @get(PAGE + "/connect/nouveau-lien")
    async def refresh(
        self, me: NamedDependency[Principal], connect: NamedDependency[ConnectService]
    ) -> Redirect:
        """Stripe's refresh_url: the link expired or was used; a new one, behind the login."""
        try:
            return Redirect(await connect.fresh_url(me), status_code=303)
        except NotFound:
            return Redirect(PAGE, status_code=303)

    @get(PAGE + "/releves/{holder_id:uuid}/releve.csv", media_type="text/csv")
    async def statement(
        self, holder_id: FromPath[UUID], me: NamedDependency[Principal],
        statements: NamedDependency[StatementService],
    ) -> Response[str]:  # fmt: skip
        """One of the person's statements (someone else's: 404, as the API answers)."""
        return Response(
            await statements.statement_csv(me, holder_id),
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="lakou-statement-{holder_id}.csv"',
                "cache-control": "private, no-store",
            },
        )
