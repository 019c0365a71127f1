"""The interface languages and how a request chooses one: `?lang=`, then the cookie, then
`Accept-Language`, then French.

Tags are BCP 47. Martinican Creole is `gcf-MQ`; `gcf` (Guadeloupean-Martinican Creole),
`acf` (Saint Lucian Creole, often used for the Lesser Antilles' French creoles) and `cpf`
(French-based creoles) are accepted for it, since browsers and people use all three.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "fr"
CREOLE = "gcf-MQ"


@dataclass(frozen=True)
class Language:
    tag: str  # BCP 47, for <html lang>, hreflang and Content-Language
    catalogue: str  # folder under a module's locale/
    formats: str  # the CLDR locale that formats its numbers and dates
    native_name: str  # how the switch names it, in the language itself


LANGUAGES: tuple[Language, ...] = (
    Language(SOURCE, "fr", "fr_MQ", "Français"),
    Language("en", "en", "en", "English"),
    Language("es", "es", "es_419", "Español"),
    # CLDR has no Martinican Creole: numbers and dates as French in Martinique.
    Language(CREOLE, "gcf", "fr_MQ", "Kréyòl"),
)
BY_TAG = {language.tag: language for language in LANGUAGES}
TAGS = tuple(BY_TAG)
_ALIASES = {
    "fr": SOURCE,
    "en": "en",
    "es": "es",
    "gcf": CREOLE,
    "acf": CREOLE,
    "cpf": CREOLE,
}
# Bounds on what a client sends: a header of 10,000 entries is read no further than this.
MAX_HEADER_CHARS = 2048
MAX_ACCEPTED_ENTRIES = 32
MAX_TAG_CHARS = 35


def canonical(tag: str | None) -> str | None:
    """The interface language a tag names (`gcf`, `GCF-mq`, `es-419`, `en_GB`), else None."""
    if not tag or len(tag) > MAX_TAG_CHARS:
        return None
    cleaned = tag.strip().replace("_", "-").lower()
    if cleaned == CREOLE.lower():
        return CREOLE
    primary = cleaned.split("-", 1)[0]
    return _ALIASES.get(primary)


def from_accept_language(header: str | None) -> str | None:
    """The best interface language in an `Accept-Language` header, by quality, else None."""
    if not header:
        return None
    best: tuple[float, int, str] | None = None
    for position, entry in enumerate(header[:MAX_HEADER_CHARS].split(",")[:MAX_ACCEPTED_ENTRIES]):
        tag, _, params = entry.strip().partition(";")
        quality = _quality(params)
        language = canonical(tag)
        if language is None or quality <= 0:
            continue
        # Highest quality first; the earliest entry wins a tie.
        candidate = (quality, -position, language)
        if best is None or candidate > best:
            best = candidate
    return best[2] if best else None


def _quality(params: str) -> float:
    name, _, value = params.strip().partition("=")
    if name.strip().lower() != "q":
        return 1.0
    try:
        quality = float(value.strip()[:5])
    except ValueError:
        return 0.0
    return quality if 0.0 <= quality <= 1.0 else 0.0


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    return canonical(query) or canonical(cookie) or from_accept_language(accept_language) or SOURCE
