"""Rendering a page with what every template needs: the visitor, the language, the helpers.

Templates translate with `_()`, `ngettext()` and `pgettext()` (see `infra.i18n.jinja`). Besides
`me` and `lang` (the interface language's BCP 47 tag), every template gets: `pick(texts)` (a
creator's localised text in the interface language, else French, else any), `creole(texts)`
(the Creole text when a creator gave one that differs), `duration(s)`, `date(d)`,
`datetime(d)` (in the visitor's time zone), `money(cents)`, `rate(basis_points)`,
`amount_input(cents)`, `language_name(tag)`, `nav` (the menu entries the enabled modules
declare, for this visitor) with `nav_label(entry)`, `languages` (the switch: each language's
tag, name and URL for this page) and whatever the modules add through their `template_globals`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import urlencode

from litestar import Request
from litestar.response import Template

from infra.i18n import formatting
from infra.i18n.context import N_, current_language, gettext, time_zone_var
from infra.i18n.languages import CREOLE, LANGUAGES
from infra.modules import NavEntry


class Viewer(Protocol):
    """Who is looking at a page, as templates see them (the accounts module's Principal)."""

    @property
    def email(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role_name(self) -> str: ...


# Languages a work or a text may be in, named in the interface language.
LANGUAGE_NAMES = {
    "fr": N_("Français"),
    CREOLE: N_("Créole martiniquais"),
    "en": N_("Anglais"),
    "es": N_("Espagnol"),
}


def language_name(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return gettext(name) if name else code


def pick(texts: Mapping[str, str] | None, lang: str) -> str:
    if not texts:
        return ""
    return texts.get(lang) or texts.get("fr") or next(iter(texts.values()), "")


def creole(texts: Mapping[str, str] | None, lang: str) -> str:
    """The Creole text when there is one that is not already the main text shown."""
    if not texts or not texts.get(CREOLE):
        return ""
    return "" if texts[CREOLE] == pick(texts, lang) else texts[CREOLE]


def visible_nav(request: Request[Any, Any, Any], me: Viewer | None) -> list[NavEntry]:
    """The menu entries this visitor may see: for all, once signed in, or for their role."""
    entries: list[NavEntry] = request.app.state.nav
    return [entry for entry in entries if _sees(entry, me)]


def _sees(entry: NavEntry, me: Viewer | None) -> bool:
    if entry.audience == "all":
        return True
    if me is None:
        return False
    # Staff see every role's entries; others their own role's.
    return entry.audience == "signed_in" or me.role_name in (entry.audience, "staff")


def language_url(request: Request[Any, Any, Any], tag: str) -> str:
    """This same page in another language (the query string kept, `lang` replaced)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*kept, ('lang', tag)])}"


def language_switch(request: Request[Any, Any, Any]) -> list[dict[str, str]]:
    return [
        {
            "tag": language.tag,
            "name": language.native_name,
            "url": language_url(request, language.tag),
        }
        for language in LANGUAGES
    ]


def render(
    request: Request[Any, Any, Any],
    template: str,
    me: Viewer | None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    lang = current_language()
    helpers: dict[str, Any] = {}
    for contribute in request.app.state.template_globals:
        helpers.update(contribute(lang))
    helpers |= {
        "pick": lambda texts: pick(texts, lang),
        "creole": lambda texts: creole(texts, lang),
        "duration": formatting.duration,
        "language_name": language_name,
        "date": formatting.local_date,
        "datetime": formatting.local_datetime,
        "money": formatting.money,
        "rate": formatting.rate,
        "amount_input": formatting.amount_input,
        "nav": visible_nav(request, me),
        "nav_label": lambda entry: gettext(entry.label),
        "nav_current": lambda entry: request.url.path.startswith((entry.path, *entry.also_current)),
        "languages": language_switch(request),
        "creole_beta": lang == CREOLE and request.app.state.creole_beta,
        "path": request.url.path,
        "time_zone": time_zone_var.get(),
        "time_zones": formatting.time_zone_choices(time_zone_var.get()),
        "page_notices": [
            notice for contribute in request.app.state.page_notices for notice in contribute(me)
        ],
    }
    return Template(
        template_name=template,
        context={"me": me, "lang": lang, **helpers, **context},
        status_code=status_code,
    )
