"""One manifest row's fields, each checked with the catalogue's and the media's own rules.

A problem is a `RowProblem` with a code and a message for that row only (see manifest.py),
written in the language active when it is read (the request's that sent the manifest).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from infra.errors import fill
from infra.filenames import printable
from infra.i18n.context import N_, gettext
from infra.text import fold
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS, Discipline
from marketplace.catalogue.domain import WorkDetails
from marketplace.catalogue.values import Credit, CreditRole, Visibility
from media.assets.domain import DEFAULT_PREVIEW_S, ROLE_KINDS, AssetRole, PreviewChoice
from media.kinds import MediaKind

MAIN_KINDS = ROLE_KINDS[AssetRole.MAIN]
TEXT_LANGUAGES = ("fr", "gcf", "en", "es")
IDENTIFIER_COLUMNS = ("isrc", "iswc", "isbn", "isan", "eidr")


class RowProblem(Exception):
    """One row's problem: a stable code, and a French source message with its parameters."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.source = message
        self.params = params

    @property
    def message(self) -> str:
        """The message in the active language."""
        return fill(gettext(self.source), self.params)


def display_title(values: Mapping[str, Any]) -> str | None:
    titles = values.get("titles")
    candidates = list(titles.values()) if isinstance(titles, dict) else []
    candidates += [values.get(f"title_{lang}") for lang in TEXT_LANGUAGES]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return printable(candidate, 300) or None
    return None


def text(values: Mapping[str, Any], key: str) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RowProblem("invalid_field", N_("%(field)s : texte attendu."), field=key)
    return value.strip() or None


def media_kind(values: Mapping[str, Any]) -> MediaKind:
    raw = (text(values, "kind") or "").lower()
    allowed = ", ".join(sorted(kind.value for kind in MAIN_KINDS))
    try:
        kind = MediaKind(raw)
    except ValueError:
        kind = None
    if kind is not None and kind in MAIN_KINDS:
        return kind
    if not raw:
        raise RowProblem(
            "invalid_kind",
            N_("kind : le type de média manque ; utilisez %(allowed)s."),
            allowed=allowed,
        )
    raise RowProblem(
        "invalid_kind",
        N_("kind : « %(value)s » n'est pas un type de média ; utilisez %(allowed)s."),
        value=raw[:40],
        allowed=allowed,
    )


def _fold(text: str) -> str:
    """A discipline name as compared: folded, separators as spaces, "et"/"and" as "&"."""
    plain = re.sub("[_\\-'\u2019]", " ", fold(text))
    plain = re.sub(r"\s*(&|\bet\b|\band\b)\s*", " & ", plain)
    return " ".join(plain.split())


# The spellings a spreadsheet may give besides the codes: the French labels (the catalogue's
# source texts) and these English ones, as before the interface had languages.
ENGLISH_DISCIPLINES: dict[Discipline, str] = {
    Discipline.MUSIC: "Music",
    Discipline.FILM: "Film and audiovisual",
    Discipline.ANIMATION: "Animation",
    Discipline.VIDEO_GAME: "Video games",
    Discipline.VISUAL_ARTS: "Visual arts",
    Discipline.PHOTOGRAPHY: "Photography",
    Discipline.BOOKS: "Books and writing",
    Discipline.LIVE_PERFORMANCE: "Live performance",
    Discipline.HERITAGE: "Heritage",
    Discipline.CRAFTS: "Crafts and know-how",
    Discipline.DESIGN_FASHION: "Design and fashion",
    Discipline.DIGITAL_CREATION: "Digital creation",
}
_DISCIPLINES: dict[str, Discipline] = {
    **{_fold(d.value): d for d in Discipline},
    **{_fold(label): d for d, label in DISCIPLINE_LABELS.items()},
    **{_fold(label): d for d, label in ENGLISH_DISCIPLINES.items()},
}


def _discipline(values: Mapping[str, Any]) -> Discipline:
    raw = text(values, "discipline") or ""
    found = _DISCIPLINES.get(_fold(raw))
    if found is not None:
        return found
    allowed = ", ".join(d.value for d in Discipline)
    if not raw:
        raise RowProblem(
            "unknown_discipline",
            N_("discipline : la discipline manque ; utilisez %(allowed)s."),
            allowed=allowed,
        )
    raise RowProblem(
        "unknown_discipline",
        N_("discipline : « %(value)s » est inconnue ; utilisez %(allowed)s."),
        value=raw[:40],
        allowed=allowed,
    )


def _localised(values: Mapping[str, Any], group: str, prefix: str) -> dict[str, str]:
    flat = {
        lang: values[f"{prefix}_{lang}"] for lang in TEXT_LANGUAGES if f"{prefix}_{lang}" in values
    }
    nested = values.get(group)
    if nested is None:
        texts: dict[str, Any] = flat
    elif not isinstance(nested, dict):
        raise RowProblem(
            "invalid_field", N_("%(field)s : un objet par langue attendu."), field=group
        )
    elif any(value not in (None, "") for value in flat.values()):
        raise RowProblem(
            "invalid_field",
            N_("Donnez %(field)s en un seul objet ou en champs %(prefix)s_xx, pas les deux."),
            field=group,
            prefix=prefix,
        )
    else:
        texts = nested
    result: dict[str, str] = {}
    for lang, value in texts.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise RowProblem(
                "invalid_field", N_("%(field)s : texte attendu."), field=f"{group} ({lang})"
            )
        result[str(lang)] = value
    return result


def _languages(values: Mapping[str, Any]) -> list[str]:
    raw = values.get("languages")
    if raw is None:
        return []
    items = raw.split(";") if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise RowProblem(
            "invalid_field",
            N_("languages : des codes de langue séparés par « ; » (par exemple « fr;gcf »)."),
        )
    return [item.strip() for item in items if item.strip()]


def _integer(values: Mapping[str, Any], key: str, code: str) -> int | None:
    raw = values.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise RowProblem(code, N_("%(field)s : nombre entier attendu."), field=key)
    if isinstance(raw, int):
        return raw
    text = raw.strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise RowProblem(
            code,
            N_("%(field)s : « %(value)s » n'est pas un nombre entier."),
            field=key,
            value=text[:20],
        )
    return int(text)


def _seconds(values: Mapping[str, Any], key: str, default: float) -> float:
    raw = values.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise RowProblem(
            "invalid_preview", N_("%(field)s : nombre de secondes attendu."), field=key
        )
    if isinstance(raw, int | float):
        return float(raw)
    text = raw.strip().replace(",", ".")  # French spreadsheets write 12,5
    if not re.fullmatch(r"\d{1,6}(\.\d{1,3})?", text):
        raise RowProblem(
            "invalid_preview",
            N_("%(field)s : « %(value)s » n'est pas un nombre de secondes."),
            field=key,
            value=text[:20],
        )
    return float(text)


_ROLES = ", ".join(role.value for role in CreditRole)


def _role(raw: Any) -> CreditRole:
    try:
        return CreditRole(str(raw).strip().lower())
    except ValueError:
        raise RowProblem(
            "invalid_credit",
            N_("credits : « %(value)s » n'est pas un rôle ; utilisez %(allowed)s."),
            value=str(raw)[:40],
            allowed=_ROLES,
        ) from None


def _credits(values: Mapping[str, Any]) -> list[Credit]:
    raw = values.get("credits")
    if raw is None:
        return []
    if isinstance(raw, str):
        result = []
        for part in raw.split(";"):
            if not part.strip():
                continue
            name, separator, role = part.rpartition(":")
            if not separator or not name.strip():
                raise RowProblem(
                    "invalid_credit",
                    N_(
                        "credits : écrivez chaque crédit sous la forme Nom:rôle, "
                        "séparés par « ; » (reçu « %(value)s »)."
                    ),
                    value=part.strip()[:60],
                )
            result.append(Credit(name=name.strip(), role=_role(role)))
        return result
    if not isinstance(raw, list):
        raise RowProblem(
            "invalid_credit",
            N_("credits : une liste de {name, role} ou « Nom:rôle;… »."),
        )
    result = []
    for item in raw:
        if (
            not isinstance(item, dict)
            or not set(item) <= {"name", "role", "isni", "ipi"}
            or not all(isinstance(v, str | None) for v in item.values())
            or not isinstance(item.get("name"), str)
        ):
            raise RowProblem(
                "invalid_credit", N_("credits : chaque crédit est {name, role, isni?, ipi?}.")
            )
        result.append(
            Credit(
                name=item["name"],
                role=_role(item.get("role")),
                isni=item.get("isni"),
                ipi=item.get("ipi"),
            )
        )
    return result


def _identifiers(values: Mapping[str, Any]) -> dict[str, str]:
    nested = values.get("identifiers")
    raw: dict[str, Any] = dict(nested) if isinstance(nested, dict) else {}
    if nested is not None and not isinstance(nested, dict):
        raise RowProblem("invalid_identifier", N_("identifiers : un objet attendu."))
    for key in IDENTIFIER_COLUMNS:
        if values.get(key) not in (None, ""):
            raw[key] = values[key]
    result: dict[str, str] = {}
    for key, value in raw.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str):
            raise RowProblem("invalid_identifier", N_("%(field)s : texte attendu."), field=key)
        result[str(key)] = value.strip()
    return result


def _visibility(values: Mapping[str, Any]) -> Visibility:
    raw = (text(values, "visibility") or Visibility.PUBLIC.value).lower()
    try:
        return Visibility(raw)
    except ValueError:
        raise RowProblem(
            "invalid_visibility",
            N_("visibility : « %(value)s » est inconnue ; utilisez %(allowed)s."),
            value=raw[:40],
            allowed=", ".join(v.value for v in Visibility),
        ) from None


def work_details(values: Mapping[str, Any], now: datetime) -> WorkDetails:
    details = WorkDetails(
        titles=_localised(values, "titles", "title"),
        discipline=_discipline(values),
        descriptions=_localised(values, "descriptions", "description"),
        languages=_languages(values),
        year=_integer(values, "year", "invalid_year"),
        duration_s=_integer(values, "duration_s", "invalid_duration"),
        credits=_credits(values),
        identifiers=_identifiers(values),
        visibility=_visibility(values),
    )
    return details.validated(now)


def preview_choice(values: Mapping[str, Any]) -> PreviewChoice:
    return PreviewChoice(
        _seconds(values, "preview_start_s", 0.0),
        _seconds(values, "preview_length_s", DEFAULT_PREVIEW_S),
    ).validated()
