"""Checks of the fields a creator fills in on a profile or a work: localised texts, language
tags, standard identifiers, credits, links, year and duration.

Each returns the cleaned value or raises `InvalidInput` with the field's error code, so a form
or an API call shows what to fix. Pure Python, shared by creator profiles and works.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import urlsplit

from infra.errors import InvalidInput
from infra.i18n.context import N_
from marketplace.catalogue.errors import CatalogueError, CreatorError, LazyText, WorkError
from marketplace.catalogue.identifiers import (
    PERSON_IDENTIFIERS,
    IdentifierKind,
    InvalidIdentifier,
    normalise,
)
from marketplace.catalogue.languages import (
    SUPPORTED_LANGUAGES,
    InvalidLocalisedText,
    UnsupportedLanguage,
    normalise_language,
    normalise_localised_text,
)
from marketplace.catalogue.values import (
    EARLIEST_YEAR,
    MAX_CREDITS,
    MAX_DURATION_S,
    MAX_LINKS,
    MAX_NAME,
    Credit,
)


def localised(texts: Mapping[str, str], *, field_name: str, max_length: int) -> dict[str, str]:
    try:
        return normalise_localised_text(texts, max_length=max_length)
    except InvalidLocalisedText as error:
        where = f"{field_name} ({error.language})" if error.language else field_name
        raise InvalidInput(
            CatalogueError.INVALID_LOCALISED_TEXT,
            field=where,
            reason=LazyText(error.message, error.params),
        ) from error
    except UnsupportedLanguage as error:
        raise InvalidInput(
            CatalogueError.INVALID_LOCALISED_TEXT,
            field=field_name,
            reason=LazyText(error.message, error.params),
        ) from error


def languages(tags: Sequence[str]) -> list[str]:
    result: list[str] = []
    for tag in tags:
        try:
            normalised = normalise_language(tag)
        except UnsupportedLanguage as error:
            raise InvalidInput(
                WorkError.UNSUPPORTED_LANGUAGE,
                tag=error.tag,
                supported=", ".join(SUPPORTED_LANGUAGES),
            ) from error
        if normalised not in result:
            result.append(normalised)
    return result


def identifiers(raw: Mapping[str, str], allowed: frozenset[IdentifierKind]) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in raw.items():
        try:
            kind = IdentifierKind(name.lower())
        except ValueError:
            kind = None
        if kind is None or kind not in allowed:
            raise InvalidInput(
                WorkError.INVALID_IDENTIFIER,
                kind=name[:40],
                value=str(value)[:80],
                reason=LazyText(
                    N_("ce type d'identifiant n'est pas accepté ici (utilisez %(names)s)"),
                    {"names": ", ".join(sorted(k.value for k in allowed))},
                ),
            )
        try:
            result[kind.value] = normalise(kind, value)
        except InvalidIdentifier as error:
            raise InvalidInput(
                WorkError.INVALID_IDENTIFIER,
                kind=error.kind.upper(),
                value=error.value,
                reason=LazyText(error.message, error.params),
            ) from error
    return result


def credits(raw: Sequence[Credit]) -> list[Credit]:
    if len(raw) > MAX_CREDITS:
        raise InvalidInput(WorkError.TOO_MANY_CREDITS, max=MAX_CREDITS)
    cleaned: list[Credit] = []
    for credit in raw:
        name = credit.name.strip()
        if not name or len(name) > MAX_NAME:
            raise InvalidInput(WorkError.INVALID_CREDIT)
        person_ids = identifiers(
            {k: v for k, v in (("isni", credit.isni), ("ipi", credit.ipi)) if v},
            PERSON_IDENTIFIERS,
        )
        cleaned.append(
            Credit(
                name=name, role=credit.role, isni=person_ids.get("isni"), ipi=person_ids.get("ipi")
            )
        )
    return cleaned


def links(raw: Sequence[str]) -> list[str]:
    if len(raw) > MAX_LINKS:
        raise InvalidInput(CreatorError.TOO_MANY_LINKS, max=MAX_LINKS)
    for link in raw:
        parts = urlsplit(link)
        # Only web links: a `javascript:` URL in a profile would run in visitors' browsers.
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > 500:
            raise InvalidInput(CreatorError.INVALID_LINK, link=link[:80])
    return list(raw)


def check_year(year: int | None, now: datetime) -> int | None:
    if year is not None and not EARLIEST_YEAR <= year <= now.year + 1:
        raise InvalidInput(WorkError.INVALID_YEAR, min=EARLIEST_YEAR, max=now.year + 1)
    return year


def check_duration(duration_s: int | None) -> int | None:
    if duration_s is not None and not 0 < duration_s <= MAX_DURATION_S:
        raise InvalidInput(WorkError.INVALID_DURATION, max=MAX_DURATION_S)
    return duration_s
