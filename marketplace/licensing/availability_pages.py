"""A work's availability as a partner reads it: a world map for one medium over one period
(with the table behind it) and a calendar of the coming months per territory group and
medium. Verified export partners see the works they may see; the work's owner and staff see
it too; anyone else gets the not-found page (403 for a public work, 404 otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_user
from accounts.organisations.acting import (
    ActingOrganisation,
    OrganisationRequired,
    provide_acting_organisation,
)
from accounts.organisations.capabilities import LICENCE_REQUESTS, PARTNER_VIEW
from accounts.organisations.errors import OrganisationError
from infra.errors import Forbidden, InvalidInput, NotFound, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext
from marketplace.licensing import calendar, rules
from marketplace.licensing.domain import Period, Span, Status
from marketplace.licensing.errors import LicensingError
from marketplace.licensing.maps import FILLS, STATUS_LABELS, availability_map
from marketplace.licensing.media import MEDIUM_LABELS
from marketplace.licensing.names import CALENDAR_GROUPS, country_names
from marketplace.licensing.service import LicensingService
from marketplace.licensing.sync.pages import tier_helpers
from marketplace.licensing.sync.service import SyncService
from marketplace.licensing.territories import territories

PAGE = "/licences/oeuvres/{work_id:uuid}/disponibilites"
CALENDAR_MONTHS = 24
MAP_LABEL = N_("Disponibilité par pays : %(medium)s")
CELL_LABELS = {
    calendar.Cell.AVAILABLE: N_("Disponible"),
    calendar.Cell.PARTLY: N_("Disponible en partie"),
    calendar.Cell.LICENSED: N_("Déjà concédé"),
    calendar.Cell.NONE: N_("Non proposé"),
}


@dataclass(frozen=True)
class Viewer:
    partner: bool  # a verified partner may ask for a licence from here
    owner: bool


async def viewer_of(
    me: Principal, acting: ActingOrganisation | None, licensing: LicensingService, work_id: UUID
) -> Viewer:
    """Verified partners (who see what they may see), the owner and staff; else 403/404."""
    if acting is not None and acting.unlocks(PARTNER_VIEW):
        await licensing.availability_for(me, work_id)  # NotFound unless they may see it
        return Viewer(partner=acting.unlocks(LICENCE_REQUESTS), owner=False)
    try:
        await licensing.mandates(me, work_id)  # the owner's (or staff's) check
    except Forbidden:
        kinds = ", ".join(sorted(kind.value for kind in PARTNER_VIEW.kinds))
        raise OrganisationRequired(
            OrganisationError.VERIFIED_ORGANISATION_REQUIRED, kinds=kinds
        ) from None
    return Viewer(partner=False, owner=True)


def _day(raw: str | None, default: date) -> date:
    if not raw:
        return default
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise InvalidInput(LicensingError.PERIOD_REQUIRED) from None


def chosen_medium(raw: str | None, spans: list[Span]) -> str:
    if raw:
        return rules.medium(raw)
    offered = [span.medium for span in spans]
    return offered[0] if offered else next(iter(MEDIUM_LABELS)).value


def _default_period(today: date) -> Period:
    return Period(today, today + timedelta(days=365))


def _choice(request: Request[Any, Any, Any], spans: list[Span], today: date) -> tuple[str, Period]:
    """The medium and period the partner chose (`mode`, `du`, `au`); a year from today else."""
    query = request.query_params
    starts_on = _day(query.get("du"), today)
    ends_on = _day(query.get("au"), starts_on + timedelta(days=364))
    return chosen_medium(query.get("mode"), spans), rules.period(starts_on, ends_on)


def medium_label(value: str) -> str:
    return gettext(next((label for m, label in MEDIUM_LABELS.items() if m.value == value), value))


class AvailabilityPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(
        not_found="licensing/not_found.html", forbidden="licensing/not_found.html"
    )
    dependencies = {
        "me": Provide(provide_page_user),
        "licensing": provide_service(LicensingService),
        "acting": Provide(provide_acting_organisation),
        "sync": provide_service(SyncService),
    }

    @get(PAGE)
    async def availability(
        self, request: Request[Any, Any, Any], work_id: FromPath[UUID],
        me: NamedDependency[Principal], acting: NamedDependency[ActingOrganisation | None],
        licensing: NamedDependency[LicensingService], sync: NamedDependency[SyncService],
    ) -> Template:  # fmt: skip
        viewer = await viewer_of(me, acting, licensing, work_id)
        work = await licensing.work_facts(work_id)
        if work is None:
            raise NotFound(LicensingError.WORK_NOT_FOUND)
        spans = await licensing.availability(work_id)
        today = date.today()
        status_code, error = 200, None
        try:
            medium, period = _choice(request, spans, today)
        except InvalidInput as refused:
            # The page still shows, from today and the first medium offered, with the reason.
            status_code, error = (
                refused.status_code,
                fill(gettext(refused.error.message), refused.params),
            )
            medium, period = chosen_medium(None, spans), _default_period(today)
        statuses = calendar.statuses_over(spans, medium, period)
        names = country_names(set(statuses))
        by_status = {
            status: sorted((names[c] for c, s in statuses.items() if s is status), key=str.casefold)
            for status in Status
        }
        groups = territories().groups
        rows = calendar.timeline(
            spans,
            {name: groups[name] for name in CALENDAR_GROUPS},
            sorted({span.medium for span in spans}),
            calendar.months(today, CALENDAR_MONTHS),
        )
        return render(
            request, "licensing/availability.html", me, status_code, work=work, viewer=viewer,
            medium=medium, starts_on=period.start, ends_on=period.ends_on, error=error,
            media=[(m.value, gettext(label)) for m, label in MEDIUM_LABELS.items()],
            world_map=availability_map(
                statuses, fill(gettext(MAP_LABEL), {"medium": medium_label(medium)}), names
            ),
            by_status=by_status, fills=FILLS, status_labels=STATUS_LABELS,
            sync_tiers=await sync.offered_tiers(me, work_id) if viewer.partner else [],
            sync_error=None, work_id=work_id, chosen_tier=None, chosen_use="", **tier_helpers(),
            rows=rows, months=calendar.months(today, CALENDAR_MONTHS),
            cell_labels={cell.value: gettext(label) for cell, label in CELL_LABELS.items()},
            group_label=lambda name: gettext(CALENDAR_GROUPS[name]), medium_label=medium_label,
        )  # fmt: skip
