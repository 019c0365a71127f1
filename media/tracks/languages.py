"""Language tags of a work's versions: BCP 47, checked against the IANA registry.

`langcodes` carries the IANA language subtag registry, so any valid tag is accepted (a
Portuguese dub, German subtitles), not only the four interface languages. Martinican Creole is
`gcf-MQ`; `gcf`, `acf` and `cpf` are taken as it, as the interface does (`infra.i18n.languages`):
people and tools use all three for the Lesser Antilles' French creoles.
"""

from __future__ import annotations

import langcodes
from babel import Locale, UnknownLocaleError

from infra.i18n.context import current_language
from infra.i18n.languages import BY_TAG, CREOLE

MAX_TAG_CHARS = 35
# What the assets table keeps; longer valid tags (several variants, private use) are refused.
MAX_STORED_CHARS = 20
_CREOLE_ALIASES = frozenset({"gcf", "gcf-mq", "acf", "acf-mq", "cpf", "cpf-mq"})


def normalise(tag: str | None) -> str | None:
    """The canonical form of a valid tag (`EN-gb` -> `en-GB`, `acf` -> `gcf-MQ`), else None."""
    if not tag or len(tag) > MAX_TAG_CHARS or not tag.isascii():
        return None
    cleaned = tag.strip().replace("_", "-")
    if cleaned.lower() in _CREOLE_ALIASES:
        return CREOLE
    if not langcodes.tag_is_valid(cleaned) or cleaned.lower().split("-")[0] == "und":
        return None  # `und` (undetermined) names no language a viewer could choose
    # Case as BCP 47 writes it (`EN-gb` -> `en-GB`), deprecated subtags replaced.
    tag = str(langcodes.standardize_tag(cleaned, macro=False))
    return tag if len(tag) <= MAX_STORED_CHARS else None


def language_label(tag: str) -> str:
    """A language's name for people: the interface languages in themselves (as the switch
    names them), any other in the active interface language (CLDR's names), else the tag."""
    known = BY_TAG.get(tag)
    if known is not None:
        return known.native_name
    interface = BY_TAG.get(current_language())
    viewer = Locale.parse(interface.formats if interface else "fr")
    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(viewer)
    except (UnknownLocaleError, ValueError):
        name = None
    return name[:1].upper() + name[1:] if name else tag
