"""What the markets' pages share: labels, the window in two time zones, form parsing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from infra.errors import AppError, InvalidInput, fill
from infra.i18n.context import N_, activated, current_language, gettext, time_zone_var
from infra.i18n.formatting import local_datetime
from infra.i18n.languages import TAGS
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS, Discipline
from marketplace.markets.domain import MarketDetails, Window, sections
from marketplace.markets.errors import MarketError

MARTINIQUE = "America/Martinique"

STATE_NAMES = {
    "draft": N_("Brouillon"),
    "published": N_("Annoncé"),
    "open": N_("Ouvert"),
    "closed": N_("Fermé"),
    "archived": N_("Archivé"),
}
ROLE_NAMES = {
    "manager": N_("Responsable"),
    "reviewer": N_("Accréditations"),
    "desk": N_("Accueil"),
}
CATEGORY_NAMES = {
    "buyer": N_("Acheteur"),
    "programmer": N_("Programmateur"),
    "press": N_("Presse"),
    "distributor": N_("Distributeur"),
}
ACCREDITATION_NAMES = {
    "requested": N_("Demandée"),
    "granted": N_("Accordée"),
    "refused": N_("Refusée"),
}
EXHIBITOR_NAMES = {
    "creator": N_("Créateur"),
    "label": N_("Label"),
    "production_company": N_("Société de production"),
    "institution": N_("Pavillon d'institution"),
}
DOCUMENT_NAMES = {"press_kit": N_("Dossier de presse"), "technical_sheet": N_("Fiche technique")}


def _label(names: Mapping[str, str], value: object) -> str:
    key = str(getattr(value, "value", value))
    return gettext(names[key]) if key in names else key


def translated(error: AppError) -> str:
    return fill(gettext(error.error.message), error.params)


def in_martinique(moment: datetime) -> str:
    with activated(current_language(), MARTINIQUE):
        return local_datetime(moment, "short")


def helpers() -> dict[str, Any]:
    return {
        "state_label": lambda v: _label(STATE_NAMES, v),
        "role_label": lambda v: _label(ROLE_NAMES, v),
        "category_label": lambda v: _label(CATEGORY_NAMES, v),
        "accreditation_label": lambda v: _label(ACCREDITATION_NAMES, v),
        "exhibitor_label": lambda v: _label(EXHIBITOR_NAMES, v),
        "document_label": lambda v: _label(DOCUMENT_NAMES, v),
        "discipline_label": lambda v: (
            gettext(DISCIPLINE_LABELS[Discipline(str(v))]) if str(v) in set(Discipline) else str(v)
        ),
        "martinique": in_martinique,
        "viewer_zone": time_zone_var.get() or MARTINIQUE,
        "disciplines": list(Discipline),
        "roles": list(ROLE_NAMES),
        "categories": list(CATEGORY_NAMES),
        "languages_tags": TAGS,
    }


def local_input(moment: datetime) -> str:
    """A moment as a `datetime-local` field shows it, in Martinique's time."""
    return moment.astimezone(ZoneInfo(MARTINIQUE)).strftime("%Y-%m-%dT%H:%M")


def _moment(value: str) -> datetime:
    """A `datetime-local` field's value, read as Martinique's time (the festival's)."""
    try:
        return datetime.fromisoformat(value.strip()[:19]).replace(tzinfo=ZoneInfo(MARTINIQUE))
    except ValueError:
        raise InvalidInput(MarketError.WINDOW_NEEDS_ZONE) from None


def details_from_form(form: Any) -> MarketDetails:
    return MarketDetails(
        name=str(form.get("name", ""))[:300],
        slug=str(form.get("slug", ""))[:100],
        edition=str(form.get("edition", ""))[:300],
        descriptions={tag: str(form.get(f"description_{tag}", ""))[:6000] for tag in TAGS},
        sections=sections([str(s)[:40] for s in form.getall("sections", [])][:20]),
        window=Window(
            _moment(str(form.get("opens_at", ""))), _moment(str(form.get("closes_at", "")))
        ),
    )
