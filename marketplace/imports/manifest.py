"""Reading a catalogue manifest: CSV or JSON, one work per row, each row checked on its own.

A row carries a work's metadata and the name of its media file (sent separately, next to the
manifest). Rows are validated with the catalogue's own rules (`WorkDetails.validated`), so an
imported work is held to exactly the standard of one created through the API. A bad row gets
its own error code and message and never sinks the others. Only a manifest that cannot be read
at all (not UTF-8, not CSV or JSON, too big, too many rows, unknown or missing columns) is
refused as a whole.

Row numbers count data rows from 1: in a spreadsheet, row N of the manifest is on line N + 1,
under the header. Blank CSV lines are skipped but keep their number.

Pure Python: shared by the API and the `lakou import-catalogue` client.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from infra.errors import AppError, InvalidInput
from marketplace.catalogue.disciplines import DISCIPLINE_LABELS, Discipline
from marketplace.catalogue.domain import Credit, CreditRole, Visibility, WorkDetails
from media.assets.domain import DEFAULT_PREVIEW_S, ROLE_KINDS, AssetRole, PreviewChoice
from media.kinds import MediaKind
from media.safety.filenames import MAX_DISPLAY_NAME, clean_display_filename

MAX_ROWS = 1000
MAX_MANIFEST_BYTES = 1024 * 1024
MAIN_KINDS = ROLE_KINDS[AssetRole.MAIN]

TEXT_LANGUAGES = ("fr", "gcf", "en", "es")
IDENTIFIER_COLUMNS = ("isrc", "iswc", "isbn", "isan", "eidr")
COLUMNS = frozenset(
    {
        *(f"title_{lang}" for lang in TEXT_LANGUAGES),
        *(f"description_{lang}" for lang in TEXT_LANGUAGES),
        "discipline",
        "languages",
        "year",
        "duration_s",
        *IDENTIFIER_COLUMNS,
        "credits",
        "visibility",
        "file",
        "kind",
        "preview_start_s",
        "preview_length_s",
    }
)
# JSON rows may also group texts and identifiers in objects, and list languages and credits.
JSON_KEYS = COLUMNS | {"titles", "descriptions", "identifiers"}
REQUIRED_COLUMNS = ("file", "kind", "discipline")


class ManifestFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


class ManifestTooLarge(AppError):
    status_code = 413
    code = "manifest_too_large"


@dataclass(frozen=True)
class RowError:
    code: str
    message: str


@dataclass(frozen=True)
class ManifestRow:
    """One work of the manifest: valid (details, kind and file set) or with its error."""

    number: int
    title: str | None  # for people reading a report; the stored titles are in `details`
    file: str | None  # the cleaned file name, None when missing or unusable
    kind: MediaKind | None = None
    details: WorkDetails | None = None
    preview: PreviewChoice = field(default_factory=PreviewChoice)
    error: RowError | None = None

    @property
    def valid(self) -> bool:
        return self.error is None


class _RowProblem(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _manifest_error(message: str, code: str) -> InvalidInput:
    return InvalidInput(f"Manifeste illisible / unreadable manifest: {message}", code=code)


# Whole manifest ---------------------------------------------------------------------------


def decode_manifest(raw: bytes) -> str:
    """Manifest bytes as text: UTF-8 only (a byte-order mark is allowed, as Excel writes one)."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise _too_large(len(raw))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _manifest_error(
            f"byte {error.start} is not UTF-8; save the file as UTF-8 (in a spreadsheet: "
            "'CSV UTF-8')",
            "manifest_encoding",
        ) from None


def _too_large(size: int) -> ManifestTooLarge:
    return ManifestTooLarge(
        f"Manifeste trop gros / manifest too large: {size} bytes, at most "
        f"{MAX_MANIFEST_BYTES} (split the catalogue into several imports)"
    )


def parse_manifest(
    manifest: str | bytes, manifest_format: ManifestFormat | str, now: datetime
) -> list[ManifestRow]:
    """Every row of the manifest, valid or with its error; raises only when it is unreadable."""
    text = decode_manifest(manifest) if isinstance(manifest, bytes) else manifest.lstrip("\ufeff")
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_MANIFEST_BYTES:
        raise _too_large(size)
    if "\x00" in text:
        raise _manifest_error(
            "it contains NUL characters (is it really text?)", "manifest_encoding"
        )
    if any(unicodedata.category(char) == "Cs" for char in text):
        raise _manifest_error("it contains undecodable characters", "manifest_encoding")
    try:
        fmt = ManifestFormat(str(manifest_format).lower())
    except ValueError:
        raise InvalidInput("format must be csv or json", code="invalid_format") from None
    records = list(_csv_records(text) if fmt is ManifestFormat.CSV else _json_records(text))
    if not records:
        raise _manifest_error("it has no rows", "manifest_empty")
    rows: list[ManifestRow] = []
    used_files: dict[str, int] = {}
    for number, values, problem in records:
        rows.append(_row(number, values, problem, used_files, now))
    return rows


# (row number, the row's values, a problem found while reading the row itself)
_Record = tuple[int, dict[str, Any], RowError | None]


def _csv_records(text: str) -> Iterator[_Record]:
    first_line = text.split("\n", 1)[0]
    # Spreadsheets set to French write `;` between cells; the header tells which one is used.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise _manifest_error("it is empty", "manifest_empty") from None
    except csv.Error as error:
        raise _manifest_error(f"CSV header: {error}", "manifest_unreadable") from None
    names = [name.strip().lower() for name in header]
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        raise _manifest_error(
            f"unknown column(s) {', '.join(repr(n[:40]) for n in unknown[:5])}; the columns are "
            f"{', '.join(sorted(COLUMNS))}",
            "unknown_column",
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise _manifest_error(f"column(s) given twice: {', '.join(repeated)}", "duplicate_column")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if not any(name.startswith("title_") for name in names):
        missing.append("title_fr (or title_gcf, title_en, title_es)")
    if missing:
        raise _manifest_error(f"missing column(s): {', '.join(missing)}", "missing_column")
    count = 0
    number = 0
    try:
        for cells in reader:
            number += 1
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, often left at the end by spreadsheets
            count += 1
            if count > MAX_ROWS:
                raise _too_many_rows()
            values: dict[str, Any] = {
                name: cell for name, cell in zip(names, cells, strict=False) if name
            }
            problem = None
            if len(cells) > len(names) and any(cell.strip() for cell in cells[len(names) :]):
                problem = RowError(
                    "invalid_row", "this row has more cells than the header has columns"
                )
            yield number, values, problem
    except csv.Error as error:
        raise _manifest_error(
            f"CSV error after row {number}: {error}", "manifest_unreadable"
        ) from None


def _too_many_rows() -> InvalidInput:
    return InvalidInput(
        f"Trop de lignes / too many rows: at most {MAX_ROWS} works per import "
        "(split the catalogue into several imports)",
        code="too_many_rows",
    )


def _json_records(text: str) -> Iterator[_Record]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _manifest_error(f"invalid JSON ({str(error)[:120]})", "manifest_unreadable") from None
    if isinstance(data, dict) and set(data) == {"works"}:
        data = data["works"]
    if not isinstance(data, list):
        raise _manifest_error(
            'a JSON manifest is a list of objects, one per work (or {"works": [...]})',
            "manifest_unreadable",
        )
    if len(data) > MAX_ROWS:
        raise _too_many_rows()
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            unknown = [str(key)[:40] for key in item if key not in JSON_KEYS]
            problem = (
                RowError("unknown_field", f"unknown field(s): {', '.join(map(repr, unknown[:5]))}")
                if unknown
                else None
            )
            yield number, item, problem
        else:
            yield number, {}, RowError("invalid_row", "each row of a JSON manifest is an object")


# One row ----------------------------------------------------------------------------------


def _row(
    number: int,
    values: Mapping[str, Any],
    problem: RowError | None,
    used_files: dict[str, int],
    now: datetime,
) -> ManifestRow:
    title = _display_title(values)
    if problem is not None:
        return ManifestRow(number, title, None, error=problem)
    file: str | None = None
    try:
        file = clean_file_name(_text(values, "file"))
        key = file.casefold()
        if key in used_files:
            raise _RowProblem(
                "duplicate_file",
                f"file {file!r} is already used by row {used_files[key]}: one file per work",
            )
        used_files[key] = number
        kind = _kind(values)
        details = _details(values, now)
        preview = _preview(values)
    except _RowProblem as bad:
        return ManifestRow(number, title, file, error=RowError(bad.code, bad.message))
    except AppError as error:
        return ManifestRow(number, title, file, error=RowError(error.code, error.message))
    return ManifestRow(number, title, file, kind, details, preview)


def clean_file_name(raw: str | None) -> str:
    """The row's file as a plain name next to the manifest; anything path-like is refused."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        raise _RowProblem("missing_file_name", "file: give the name of the work's media file")
    shown = repr(name[:60])
    if (
        len(name) > MAX_DISPLAY_NAME
        or any(char in name for char in "/\\:")
        or name.startswith(".")
        or clean_display_filename(name) != name
    ):
        raise _RowProblem(
            "invalid_file_name",
            f"file {shown}: give a plain file name next to the manifest (no folders, no '..', "
            f"no control characters, at most {MAX_DISPLAY_NAME} characters)",
        )
    return name


def printable(text: str, limit: int) -> str:
    """`text` without control or bidirectional-override characters, shortened: safe to store
    (PostgreSQL refuses NUL) and to print in a terminal."""
    kept = "".join(
        char
        for char in text
        if unicodedata.category(char) not in ("Cc", "Cs") and char not in _BIDI_CONTROLS
    )
    return " ".join(kept.split())[:limit]


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _display_title(values: Mapping[str, Any]) -> str | None:
    titles = values.get("titles")
    candidates = list(titles.values()) if isinstance(titles, dict) else []
    candidates += [values.get(f"title_{lang}") for lang in TEXT_LANGUAGES]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return printable(candidate, 300) or None
    return None


def _text(values: Mapping[str, Any], key: str) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _RowProblem("invalid_field", f"{key}: expected text")
    return value.strip() or None


def _kind(values: Mapping[str, Any]) -> MediaKind:
    raw = (_text(values, "kind") or "").lower()
    allowed = ", ".join(sorted(kind.value for kind in MAIN_KINDS))
    try:
        kind = MediaKind(raw)
    except ValueError:
        kind = None
    if kind is None or kind not in MAIN_KINDS:
        what = f"{raw[:40]!r} is not a kind" if raw else "kind is missing"
        raise _RowProblem("invalid_kind", f"kind: {what}; use one of {allowed}")
    return kind


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = re.sub("[_\\-'\u2019]", " ", plain)
    plain = re.sub(r"\s*(&|\bet\b|\band\b)\s*", " & ", plain)
    return " ".join(plain.split())


_DISCIPLINES: dict[str, Discipline] = {
    **{_fold(d.value): d for d in Discipline},
    **{_fold(label): d for d, labels in DISCIPLINE_LABELS.items() for label in labels},
}


def _discipline(values: Mapping[str, Any]) -> Discipline:
    raw = _text(values, "discipline") or ""
    found = _DISCIPLINES.get(_fold(raw))
    if found is None:
        what = f"{raw[:40]!r} is unknown" if raw else "discipline is missing"
        raise _RowProblem(
            "unknown_discipline",
            f"discipline: {what}; use one of {', '.join(d.value for d in Discipline)}",
        )
    return found


def _localised(values: Mapping[str, Any], group: str, prefix: str) -> dict[str, str]:
    flat = {
        lang: values[f"{prefix}_{lang}"] for lang in TEXT_LANGUAGES if f"{prefix}_{lang}" in values
    }
    nested = values.get(group)
    if nested is None:
        texts: dict[str, Any] = flat
    elif not isinstance(nested, dict):
        raise _RowProblem("invalid_field", f"{group}: expected an object keyed by language")
    elif any(value not in (None, "") for value in flat.values()):
        raise _RowProblem(
            "invalid_field", f"give {group} as one object or as {prefix}_xx fields, not both"
        )
    else:
        texts = nested
    result: dict[str, str] = {}
    for lang, value in texts.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise _RowProblem("invalid_field", f"{group} ({lang}): expected text")
        result[str(lang)] = value
    return result


def _languages(values: Mapping[str, Any]) -> list[str]:
    raw = values.get("languages")
    if raw is None:
        return []
    items = raw.split(";") if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise _RowProblem("invalid_field", "languages: tags separated by ';' (e.g. 'fr;gcf')")
    return [item.strip() for item in items if item.strip()]


def _integer(values: Mapping[str, Any], key: str, code: str) -> int | None:
    raw = values.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise _RowProblem(code, f"{key}: expected a whole number")
    if isinstance(raw, int):
        return raw
    text = raw.strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise _RowProblem(code, f"{key}: {text[:20]!r} is not a whole number")
    return int(text)


def _seconds(values: Mapping[str, Any], key: str, default: float) -> float:
    raw = values.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise _RowProblem("invalid_preview", f"{key}: expected a number of seconds")
    if isinstance(raw, int | float):
        return float(raw)
    text = raw.strip().replace(",", ".")  # French spreadsheets write 12,5
    if not re.fullmatch(r"\d{1,6}(\.\d{1,3})?", text):
        raise _RowProblem("invalid_preview", f"{key}: {text[:20]!r} is not a number of seconds")
    return float(text)


_ROLES = ", ".join(role.value for role in CreditRole)


def _role(raw: Any) -> CreditRole:
    try:
        return CreditRole(str(raw).strip().lower())
    except ValueError:
        raise _RowProblem(
            "invalid_credit", f"credits: {str(raw)[:40]!r} is not a role; use one of {_ROLES}"
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
                raise _RowProblem(
                    "invalid_credit",
                    f"credits: write each as Name:role separated by ';' (got {part.strip()[:60]!r})",
                )
            result.append(Credit(name=name.strip(), role=_role(role)))
        return result
    if not isinstance(raw, list):
        raise _RowProblem("invalid_credit", "credits: a list of {name, role} or 'Name:role;...'")
    result = []
    for item in raw:
        if (
            not isinstance(item, dict)
            or not set(item) <= {"name", "role", "isni", "ipi"}
            or not all(isinstance(v, str | None) for v in item.values())
            or not isinstance(item.get("name"), str)
        ):
            raise _RowProblem("invalid_credit", "credits: each is {name, role, isni?, ipi?}")
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
        raise _RowProblem("invalid_identifier", "identifiers: expected an object")
    for key in IDENTIFIER_COLUMNS:
        if values.get(key) not in (None, ""):
            raw[key] = values[key]
    result: dict[str, str] = {}
    for key, value in raw.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str):
            raise _RowProblem("invalid_identifier", f"{key}: expected text")
        result[str(key)] = value.strip()
    return result


def _visibility(values: Mapping[str, Any]) -> Visibility:
    raw = (_text(values, "visibility") or Visibility.PUBLIC.value).lower()
    try:
        return Visibility(raw)
    except ValueError:
        raise _RowProblem(
            "invalid_visibility",
            f"visibility: {raw[:40]!r}; use one of {', '.join(v.value for v in Visibility)}",
        ) from None


def _details(values: Mapping[str, Any], now: datetime) -> WorkDetails:
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


def _preview(values: Mapping[str, Any]) -> PreviewChoice:
    return PreviewChoice(
        _seconds(values, "preview_start_s", 0.0),
        _seconds(values, "preview_length_s", DEFAULT_PREVIEW_S),
    ).validated()
