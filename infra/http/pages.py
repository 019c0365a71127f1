"""Rendering a page with what every template needs: the visitor, the language, the strings.

Besides `me`, `lang` and `t` (the interface strings), every template gets small helpers:
`pick(texts)` (a localised map in the interface language, else French, else any), `creole(texts)`
(the Creole text when a creator gave one that differs), `duration(s)`, `date(d)`,
`money(cents)` (8,00 € / €8.00), `rate(basis_points)` (8,5 % / 8.5%), `nav` (the menu entries
the enabled modules declare, for this visitor), and whatever the modules add through their
`template_globals` (the catalogue adds `discipline_label(code)` and `disciplines`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol
from urllib.parse import urlencode

from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Template

from infra.http.i18n import (
    LANG_COOKIE,
    asset_state,
    format_money,
    format_rate,
    interface_language,
    translator,
)
from infra.modules import NavEntry


class Viewer(Protocol):
    """Who is looking at a page, as templates see them (the accounts module's Principal)."""

    @property
    def email(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role_name(self) -> str: ...


CREOLE = "gcf-MQ"
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}
# The strings the page scripts need, handed over as a JSON data block (never as script).
SCRIPT_STRINGS = (
    "preview_badge",
    "full_badge",
    "no_media",
    "waveform",
    "downloads",
    "upload_progress",
    "processing_progress",
    "suggestions",
    "order_status_pending",
    "order_status_failed",
    "order_status_paid",
    "order_status_fulfilled",
    "order_status_partially_refunded",
    "order_status_refunded",
)
SCRIPT_EXTRA = {
    "fr": {
        "resuming": "Connexion perdue : reprise de l'envoi…",
        "uploaded": "Fichier reçu. Traitement en file d'attente…",
        "ready": "Prêt : votre média est lisible.",
        "failed": "Le traitement a échoué",
        "rejected": "Fichier refusé",
        "choose_file": "Choisissez un fichier.",
        "error": "Erreur",
        "download": "Télécharger",
        "subtitles": "Sous-titres",
        "no_suggestion": "Aucune suggestion",
        "by": "par",
        "preview_note": "Ceci est un extrait : achetez l'œuvre pour l'avoir en entier.",
        "full_note": "Vous avez accès à l'œuvre complète.",
        "working": "Un instant…",
        "saved": "Enregistré.",
        "offer_removed": "L'œuvre n'est plus en vente.",
        "amount_invalid": "Montant invalide : un nombre en euros, par exemple 5,00.",
        "amount_minimum": "Le montant minimum est de",
        "downloads_left": "téléchargements restants",
        "download_limit": "Limite de téléchargements atteinte pour cet achat.",
        "waiting_payment": "Paiement reçu, confirmation en cours…",
        "payment_slow": "La confirmation tarde : rechargez la page dans un instant.",
        "payment_unavailable": "Le service de paiement ne répond pas. Réessayez dans un instant.",
        "retry": "Réessayer",
        "total": "Total",
        "splits_ok": "Le total fait 100 % : vous pouvez enregistrer.",
        "splits_missing": "Il manque",
        "splits_over": "Le total dépasse 100 % de",
        "remove": "Retirer",
        "library_link": "Ma bibliothèque",
    },
    "en": {
        "resuming": "Connection lost: resuming the upload…",
        "uploaded": "File received. Processing is queued…",
        "ready": "Ready: your media can be played.",
        "failed": "Processing failed",
        "rejected": "File refused",
        "choose_file": "Choose a file.",
        "error": "Error",
        "download": "Download",
        "subtitles": "Subtitles",
        "no_suggestion": "No suggestion",
        "by": "by",
        "preview_note": "This is a preview: buy the work to have all of it.",
        "full_note": "You have the full work.",
        "working": "One moment…",
        "saved": "Saved.",
        "offer_removed": "The work is no longer for sale.",
        "amount_invalid": "Invalid amount: a number in euros, for example 5.00.",
        "amount_minimum": "The minimum amount is",
        "downloads_left": "downloads left",
        "download_limit": "This purchase's download limit is reached.",
        "waiting_payment": "Payment received, confirming…",
        "payment_slow": "Confirmation is taking long: reload the page in a moment.",
        "payment_unavailable": "The payment service is not answering. Try again in a moment.",
        "retry": "Try again",
        "total": "Total",
        "splits_ok": "The total is 100 %: you can save.",
        "splits_missing": "Missing",
        "splits_over": "The total is over 100 % by",
        "remove": "Remove",
        "library_link": "My library",
    },
}


LANGUAGE_NAMES = {
    "fr": {"fr": "Français", "en": "French"},
    "gcf-MQ": {"fr": "Créole martiniquais", "en": "Martinican Creole"},
    "en": {"fr": "Anglais", "en": "English"},
    "es": {"fr": "Espagnol", "en": "Spanish"},
}


def language_name(code: str, lang: str) -> str:
    return LANGUAGE_NAMES.get(code, {}).get(lang, code)


def pick(texts: Mapping[str, str] | None, lang: str) -> str:
    if not texts:
        return ""
    return texts.get(lang) or texts.get("fr") or next(iter(texts.values()), "")


def creole(texts: Mapping[str, str] | None, lang: str) -> str:
    """The Creole text when there is one that is not already the main text shown."""
    if not texts or not texts.get(CREOLE):
        return ""
    return "" if texts[CREOLE] == pick(texts, lang) else texts[CREOLE]


def format_duration(seconds: float | None) -> str:
    if not seconds:
        return ""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_date(value: date | datetime | str | None, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    month = MONTHS[lang].split()[value.month - 1]
    return (
        f"{value.day} {month} {value.year}"
        if lang == "fr"
        else f"{month} {value.day}, {value.year}"
    )


def amount_input(cents: int | None, lang: str) -> str:
    """Cents as an editable amount in euros: 5,00 (French) or 5.00 (English); empty for None."""
    if cents is None:
        return ""
    units, rest = divmod(int(cents), 100)
    return f"{units}{',' if lang == 'fr' else '.'}{rest:02d}"


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


def switch_url(request: Request[Any, Any, Any], lang: str) -> str:
    """This same page in the other language (the query string kept, `lang` replaced)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*kept, ('lang', lang)])}"


def render(
    request: Request[Any, Any, Any],
    template: str,
    me: Viewer | None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    lang = interface_language(request)
    t = translator(lang)
    cookies = []
    if request.query_params.get("lang") == lang:
        cookies.append(
            Cookie(key=LANG_COOKIE, value=lang, httponly=True, samesite="lax", max_age=31_536_000)
        )
    helpers: dict[str, Any] = {}
    for contribute in request.app.state.template_globals:
        helpers.update(contribute(lang))
    helpers |= {
        "pick": lambda texts: pick(texts, lang),
        "creole": lambda texts: creole(texts, lang),
        "duration": format_duration,
        "language_name": lambda code: language_name(code, lang),
        "date": lambda value: format_date(value, lang),
        "asset_state": lambda status: asset_state(status, lang),
        "money": lambda cents: format_money(cents, lang),
        "rate": lambda basis_points: format_rate(basis_points, lang),
        "amount_input": lambda cents: amount_input(cents, lang),
        "nav": visible_nav(request, me),
        "nav_current": lambda entry: request.url.path.startswith((entry.path, *entry.also_current)),
        "other_lang": "en" if lang == "fr" else "fr",
        "script_strings": {key: t[key] for key in SCRIPT_STRINGS} | SCRIPT_EXTRA[lang],
        "path": request.url.path,
        "switch_url": switch_url(request, "en" if lang == "fr" else "fr"),
    }
    return Template(
        template_name=template,
        context={"me": me, "lang": lang, "t": t, **helpers, **context},
        status_code=status_code,
        cookies=cookies,
    )
