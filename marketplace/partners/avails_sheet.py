"""The EMA Avails spreadsheet (MovieLabs / EMA Avails, Excel form, the "Movies" sheet) of the
public catalogue's availability, written with openpyxl's write-only mode.

One row per work, medium, language version, period and country that can still be licensed
(exclusively or not), for the digital media the format names: SVOD, AVOD and TVOD (EMA's
"VOD"). Only audiovisual works (film, animation) are avails; other works and other media
(television, theatrical, sync…) are in the JSON API. The columns are the Movies sheet's, in its
order (as MovieLabs' own spreadsheet-to-XML tool reads them); Lakou fills what it knows and
leaves the rest empty — it knows no format profile and no price (prices are quoted per deal).

Write-only mode writes each row to a temporary file as it comes, so memory stays flat however
many works; the workbook is zipped on disk once complete, then streamed from there.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work
from marketplace.licensing.domain import ALL_LANGUAGES, Span, Status

COLUMNS = (
    "DisplayName",
    "StoreLanguage",
    "Territory",
    "WorkType",
    "EntryType",
    "TitleInternalAlias",
    "TitleDisplayUnlimited",
    "LocalizationType",
    "LicenseType",
    "LicenseRightsDescription",
    "FormatProfile",
    "Start",
    "End",
    "PriceType",
    "PriceValue",
    "SRP",
    "Description",
    "OtherTerms",
    "OtherInstructions",
    "ContentID",
    "ProductID",
    "EncodeID",
    "AvailID",
    "Metadata",
    "AltID",
    "SuppressionLiftDate",
    "SpecialPreOrderFulfillDate",
    "ReleaseYear",
    "ReleaseHistoryOriginal",
    "ReleaseHistoryPhysicalHV",
    "ExceptionFlag",
    "RatingSystem",
    "RatingValue",
    "RatingReason",
    "RentalDuration",
    "WatchDuration",
    "CaptionIncluded",
    "CaptionExemption",
    "Any",
    "ContractID",
    "ServiceProvider",
    "TotalRunTime",
    "HoldbackLanguage",
    "HoldbackExclusionLanguage",
)
# Lakou's media and the EMA license types they are.
LICENSE_TYPES = {"svod": "SVOD", "avod": "AVOD", "tvod": "VOD"}
AUDIOVISUAL = frozenset({Discipline.FILM, Discipline.ANIMATION})
# EMA's line between a short and a feature (the Academy's 40 minutes).
FEATURE_S = 40 * 60
RIGHTS = {Status.EXCLUSIVE: "Exclusive", Status.NON_EXCLUSIVE: "Non-exclusive"}
# Excel's last row; a longer list ends with a comment row saying so ("//" rows are skipped by
# Avails readers).
MAX_ROWS = 1_048_576
CHUNK = 64 * 1024
SpansOf = Callable[[list[UUID]], Awaitable[dict[UUID, list[Span]]]]


def _duration(seconds: int | None) -> str:
    if not seconds:
        return ""
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def avail_rows(work: Work, spans: list[Span], countries: frozenset[str]) -> Iterator[list[Any]]:
    """The work's avails in `countries` (values, with typed text as `("text", value)`)."""
    details = work.details
    if details.discipline not in AUDIOVISUAL:
        return
    titles = dict(details.titles)
    internal = titles.get("fr") or next(iter(titles.values()), "")
    duration = details.duration_s
    work_type = "Short" if duration is not None and duration < FEATURE_S else "Movie"
    eidr = details.identifiers.get("eidr") or details.identifiers.get("isan") or ""
    for span in spans:
        license_type = LICENSE_TYPES.get(span.medium)
        rights = RIGHTS.get(span.status)
        if license_type is None or rights is None:
            continue
        language = span.language if span.language != ALL_LANGUAGES else ""
        store_language = language or (details.languages[0] if details.languages else "")
        shown = titles.get(store_language) or internal
        end = span.period.ends_on
        for country in sorted(span.countries & countries):
            # Empty columns are None: openpyxl writes no cell for them (a third of the cost).
            row: list[Any] = [None] * len(COLUMNS)
            row[0] = "Lakou"
            row[1] = store_language
            row[2] = country
            row[3] = work_type
            row[4] = "Full Extract"
            row[5] = ("text", internal)
            row[6] = ("text", shown)
            row[8] = license_type
            row[9] = rights
            row[11] = span.period.start.isoformat()
            row[12] = end.isoformat() if end else "Open"
            row[19] = f"urn:lakou:work:{work.id}"
            row[22] = f"{work.id}:{span.medium}:{span.language}:{country}:{span.period.start}"
            row[24] = ("text", eidr) if eidr else None
            row[27] = details.year
            row[41] = _duration(duration) or None
            yield row


def _cells(sheet: WriteOnlyWorksheet, row: list[Any]) -> list[Any]:
    """Text a person typed is written as a string cell: never read as a formula."""
    out: list[Any] = []
    for value in row:
        if not isinstance(value, tuple):
            out.append(value)
            continue
        text = ILLEGAL_CHARACTERS_RE.sub("", value[1])
        if text.startswith("="):  # the one start openpyxl takes for a formula
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"
            out.append(cell)
        else:
            out.append(text)
    return out


async def avails_workbook(
    pages: AsyncIterator[list[Work]], spans_of: SpansOf, countries: frozenset[str]
) -> AsyncIterator[bytes]:
    with tempfile.TemporaryDirectory(prefix="lakou-avails-") as folder:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Movies")
        sheet.append(list(COLUMNS))
        written = 1
        async for page in pages:
            spans = await spans_of(
                [work.id for work in page if work.details.discipline in AUDIOVISUAL]
            )
            for work in page:
                for row in avail_rows(work, spans.get(work.id, []), countries):
                    if written >= MAX_ROWS - 1:
                        break
                    sheet.append(_cells(sheet, row))
                    written += 1
            if written >= MAX_ROWS - 1:
                sheet.append(["// Lakou: Excel's row limit reached; narrow the territory."])
                break
        path = Path(folder) / "avails.xlsx"
        await asyncio.to_thread(book.save, str(path))
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
