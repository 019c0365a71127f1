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
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from infra.errors import AppError, ErrorCode, InvalidInput
from infra.filenames import MAX_DISPLAY_NAME, clean_display_filename
from infra.i18n.context import N_, gettext
from marketplace.catalogue.domain import WorkDetails
from marketplace.catalogue.errors import LazyText, error_text
from marketplace.imports.errors import ManifestError, ManifestTooLarge
from marketplace.imports.row_fields import (
    IDENTIFIER_COLUMNS,
    TEXT_LANGUAGES,
    RowProblem,
    display_title,
    media_kind,
    preview_choice,
    text,
    work_details,
)
from media.assets.domain import PreviewChoice
from media.kinds import MediaKind

MAX_ROWS = 1000
MAX_MANIFEST_BYTES = 1024 * 1024

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


def _unreadable(code: ErrorCode, reason: str, /, **params: Any) -> InvalidInput:
    """A manifest refused as a whole; `reason` is a French source message with `params`."""
    return InvalidInput(code, reason=LazyText(reason, params))


# Whole manifest ---------------------------------------------------------------------------


def decode_manifest(raw: bytes) -> str:
    """Manifest bytes as text: UTF-8 only (a byte-order mark is allowed, as Excel writes one)."""
    if len(raw) > MAX_MANIFEST_BYTES:
        raise _too_large(len(raw))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _unreadable(
            ManifestError.ENCODING,
            N_(
                "l'octet %(byte)s n'est pas de l'UTF-8 ; enregistrez le fichier en UTF-8 "
                "(dans un tableur : « CSV UTF-8 »)"
            ),
            byte=error.start,
        ) from None


def _too_large(size: int) -> ManifestTooLarge:
    return ManifestTooLarge(ManifestError.TOO_LARGE, size=size, max=MAX_MANIFEST_BYTES)


def parse_manifest(
    manifest: str | bytes, manifest_format: ManifestFormat | str, now: datetime
) -> list[ManifestRow]:
    """Every row of the manifest, valid or with its error; raises only when it is unreadable."""
    text = decode_manifest(manifest) if isinstance(manifest, bytes) else manifest.lstrip("\ufeff")
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_MANIFEST_BYTES:
        raise _too_large(size)
    if "\x00" in text:
        raise _unreadable(
            ManifestError.ENCODING, N_("il contient des caractères NUL (est-ce bien du texte ?)")
        )
    if any(unicodedata.category(char) == "Cs" for char in text):
        raise _unreadable(ManifestError.ENCODING, N_("il contient des caractères indécodables"))
    try:
        fmt = ManifestFormat(str(manifest_format).lower())
    except ValueError:
        raise InvalidInput(ManifestError.INVALID_FORMAT) from None
    records = list(_csv_records(text) if fmt is ManifestFormat.CSV else _json_records(text))
    if not records:
        raise InvalidInput(ManifestError.EMPTY)
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
        raise InvalidInput(ManifestError.EMPTY) from None
    except csv.Error as error:
        raise _unreadable(
            ManifestError.UNREADABLE, N_("en-tête CSV : %(error)s"), error=str(error)
        ) from None
    names = [name.strip().lower() for name in header]
    unknown = [name for name in names if name and name not in COLUMNS]
    if unknown:
        raise InvalidInput(
            ManifestError.UNKNOWN_COLUMN,
            unknown=", ".join(repr(n[:40]) for n in unknown[:5]),
            columns=", ".join(sorted(COLUMNS)),
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise InvalidInput(ManifestError.DUPLICATE_COLUMN, columns=", ".join(repeated))
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if not any(name.startswith("title_") for name in names):
        missing.append("title_fr | title_gcf | title_en | title_es")
    if missing:
        raise InvalidInput(ManifestError.MISSING_COLUMN, columns=", ".join(missing))
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
                    "invalid_row",
                    gettext("Cette ligne a plus de cellules que l'en-tête n'a de colonnes."),
                )
            yield number, values, problem
    except csv.Error as error:
        raise _unreadable(
            ManifestError.UNREADABLE,
            N_("erreur CSV après la ligne %(row)s : %(error)s"),
            row=number,
            error=str(error),
        ) from None


def _too_many_rows() -> InvalidInput:
    return InvalidInput(ManifestError.TOO_MANY_ROWS, max=MAX_ROWS)


def _json_records(text: str) -> Iterator[_Record]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise _unreadable(
            ManifestError.UNREADABLE, N_("JSON invalide (%(error)s)"), error=str(error)[:120]
        ) from None
    if isinstance(data, dict) and set(data) == {"works"}:
        data = data["works"]
    if not isinstance(data, list):
        raise _unreadable(
            ManifestError.UNREADABLE,
            N_('un manifeste JSON est une liste d\'objets, un par œuvre (ou {"works": [...]})'),
        )
    if len(data) > MAX_ROWS:
        raise _too_many_rows()
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            unknown = [str(key)[:40] for key in item if key not in JSON_KEYS]
            problem = (
                RowError(
                    "unknown_field",
                    gettext("Champ(s) inconnu(s) : %(fields)s.")
                    % {"fields": ", ".join(map(repr, unknown[:5]))},
                )
                if unknown
                else None
            )
            yield number, item, problem
        else:
            yield (
                number,
                {},
                RowError("invalid_row", gettext("Chaque ligne d'un manifeste JSON est un objet.")),
            )


# One row ----------------------------------------------------------------------------------


def _row(
    number: int,
    values: Mapping[str, Any],
    problem: RowError | None,
    used_files: dict[str, int],
    now: datetime,
) -> ManifestRow:
    title = display_title(values)
    if problem is not None:
        return ManifestRow(number, title, None, error=problem)
    file: str | None = None
    try:
        file = clean_file_name(text(values, "file"))
        key = file.casefold()
        if key in used_files:
            raise RowProblem(
                "duplicate_file",
                N_("Le fichier « %(file)s » sert déjà à la ligne %(row)s : un fichier par œuvre."),
                file=file,
                row=used_files[key],
            )
        used_files[key] = number
        kind = media_kind(values)
        details = work_details(values, now)
        preview = preview_choice(values)
    except RowProblem as bad:
        return ManifestRow(number, title, file, error=RowError(bad.code, bad.message))
    except AppError as error:
        return ManifestRow(number, title, file, error=RowError(error.code, error_text(error)))
    return ManifestRow(number, title, file, kind, details, preview)


def clean_file_name(raw: str | None) -> str:
    """The row's file as a plain name next to the manifest; anything path-like is refused."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        raise RowProblem(
            "missing_file_name", N_("file : donnez le nom du fichier média de l'œuvre.")
        )
    if (
        len(name) > MAX_DISPLAY_NAME
        or any(char in name for char in "/\\:")
        or name.startswith(".")
        or clean_display_filename(name) != name
    ):
        raise RowProblem(
            "invalid_file_name",
            N_(
                "file « %(file)s » : donnez un simple nom de fichier, à côté du manifeste "
                "(ni dossier, ni « .. », ni caractère de contrôle, %(max)s caractères au plus)."
            ),
            file=name[:60],
            max=MAX_DISPLAY_NAME,
        )
    return name
