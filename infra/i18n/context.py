"""The language and time zone of the work in hand, and gettext functions that follow them.

The HTTP middleware activates the language each request asked for; a worker writing to a person
activates theirs. Code that shows text calls `gettext` & co. from here; code that only names a
message for later (an error code's text, a menu label) marks it with `N_` so extraction finds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from infra.i18n.catalogues import Catalogues
from infra.i18n.languages import SOURCE

DEFAULT_TIME_ZONE = "America/Martinique"

_catalogues: Catalogues = Catalogues()
language_var: ContextVar[str] = ContextVar("lakou_language", default=SOURCE)
time_zone_var: ContextVar[str] = ContextVar("lakou_time_zone", default=DEFAULT_TIME_ZONE)


def install(catalogues: Catalogues) -> None:
    """Called once by the composition root with the enabled modules' catalogues."""
    global _catalogues
    _catalogues = catalogues


def installed() -> Catalogues:
    return _catalogues


@contextmanager
def activated(language: str, time_zone: str | None = None) -> Iterator[None]:
    token = language_var.set(language)
    zone_token = time_zone_var.set(time_zone) if time_zone else None
    try:
        yield
    finally:
        language_var.reset(token)
        if zone_token is not None:
            time_zone_var.reset(zone_token)


def current_language() -> str:
    return language_var.get()


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks a message for extraction, to be translated where it is shown."""
    return message


def gettext(message: str) -> str:
    return _catalogues.translations(language_var.get()).gettext(message)


def _count(n: int | float | str) -> int:
    """A count gettext can take: negative or huge counts choose a form like any other."""
    try:
        return int(n)
    except (TypeError, ValueError, OverflowError):
        return 0


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalogues.translations(language_var.get()).ngettext(singular, plural, _count(n))


def pgettext(context: str, message: str) -> str:
    return _catalogues.translations(language_var.get()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _catalogues.translations(language_var.get()).npgettext(
        context, singular, plural, _count(n)
    )


_ = gettext
