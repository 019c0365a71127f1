"""The maker's forms read into the service's own shapes (`Draft`, `SettingsChange`), so the pages
and the API go through the same checks. Times are typed in the visitor's time zone."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from infra.errors import InvalidInput, NotFound
from infra.i18n.context import time_zone_var
from marketplace.screeners.domain import MAX_VIEWS, Screener, policy_of
from marketplace.screeners.editing import SettingsChange
from marketplace.screeners.errors import ScreenerError
from marketplace.screeners.service import Audience, Draft

UUID_IN_TEXT = re.compile(r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}")
SEPARATORS = re.compile(r"[\s,;]+")


def _text(form: Any, name: str, limit: int = 300) -> str:
    return str(form.get(name, "") or "").strip()[:limit]


def _words(form: Any, name: str) -> tuple[str, ...]:
    return tuple(w for w in SEPARATORS.split(_text(form, name, 20000)) if w)


def _moment(value: str) -> datetime:
    """A `datetime-local` value, read in the visitor's time zone."""
    try:
        moment = datetime.fromisoformat(value[:19])
    except ValueError:
        raise InvalidInput(ScreenerError.INVALID_WINDOW, max=366) from None
    return moment.replace(tzinfo=ZoneInfo(time_zone_var.get()))


def local_input(moment: datetime) -> str:
    """A moment as a `datetime-local` field shows it, in the visitor's time zone."""
    return moment.astimezone(ZoneInfo(time_zone_var.get())).strftime("%Y-%m-%dT%H:%M")


def _views(form: Any) -> int:
    try:
        return int(_text(form, "max_views", 10) or "1")
    except ValueError:
        raise InvalidInput(ScreenerError.INVALID_MAX_VIEWS, max=MAX_VIEWS) from None


def optional_uuid(value: str) -> UUID | None:
    found = UUID_IN_TEXT.search(value)
    return UUID(found.group(0)) if found else None


def _audiences(form: Any, market_id: UUID | None) -> tuple[Audience, ...]:
    audiences = []
    emails = _words(form, "emails")
    if emails:
        audiences.append(Audience("people", emails=emails))
    organisation = _text(form, "organisation")
    if organisation:
        organisation_id = optional_uuid(organisation)
        if organisation_id is None:
            raise NotFound(ScreenerError.ORGANISATION_NOT_FOUND)
        audiences.append(Audience("organisation", organisation_id=organisation_id))
    if form.get("market") == "1" and market_id is not None:
        category = _text(form, "category", 30) or None
        audiences.append(Audience("market", market_id=market_id, category=category))
    return tuple(audiences)


def draft_of(form: Any, market_id: UUID | None) -> Draft:
    work_id = optional_uuid(_text(form, "work_id"))
    if work_id is None:
        raise NotFound(ScreenerError.WORK_NOT_FOUND)
    opens = _text(form, "opens_at")
    return Draft(
        work_id=work_id,
        closes_at=_moment(_text(form, "closes_at")),
        audiences=_audiences(form, market_id),
        opens_at=_moment(opens) if opens else None,
        stand_id=optional_uuid(_text(form, "stand_id")),
        max_views=_views(form),
        password=_text(form, "password") or None,
        countries=_words(form, "countries"),
        download_allowed=form.get("download_allowed") == "1",
        session_policy=policy_of(_text(form, "session_policy", 30) or "refuse_second"),
    )


def change_of(form: Any) -> SettingsChange:
    opens = _text(form, "opens_at")
    return SettingsChange(
        opens_at=_moment(opens) if opens else None,
        closes_at=_moment(_text(form, "closes_at")),
        max_views=_views(form),
        countries=_words(form, "countries"),
        download_allowed=form.get("download_allowed") == "1",
        session_policy=policy_of(_text(form, "session_policy", 30) or "refuse_second"),
        new_password=_text(form, "password") or None,
        remove_password=form.get("remove_password") == "1",
    )


def settings_values(screener: Screener) -> dict[str, str]:
    """The edit form's values from the screener as it is."""
    s = screener.settings
    return {
        "opens_at": local_input(s.opens_at),
        "closes_at": local_input(s.closes_at),
        "max_views": str(s.max_views),
        "countries": ", ".join(s.countries),
        "download_allowed": "1" if s.download_allowed else "",
        "session_policy": s.session_policy.value,
    }
