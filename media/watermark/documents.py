"""Stamping a PDF for one holder, and reading the stamp back.

Two marks on every page:
- a visible line (the holder's name, organisation, date, as the caller words it) along the
  bottom margin, in small grey type;
- an invisible mark: the holder's codeword as text in white, one point high, at three places
  (under the visible line, in the top margin, near the middle of the left margin). It is page
  content, not metadata, so it survives re-saving by any PDF tool and "print to PDF" (which
  redraws the page's content, text included), and cropping away one margin.

What defeats them (docs/decisions.md): rasterising the pages (a scan, a photo, printing to an
image), removing text by hand once found, or retyping the book. The codeword alone names no one
without this database.
"""

from __future__ import annotations

import io
import re

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

MARK_PREFIX = "lk"
_MARK = re.compile(MARK_PREFIX + r"([0-9a-f]{16})")
_FONT = "/LakouMark"


class NotAPdf(Exception):
    """The bytes are not a PDF pypdf can read."""


def _pdf_text(text: str) -> str:
    # The standard Helvetica speaks WinAnsi: other characters become "?" (the line stays legible).
    latin = text.encode("cp1252", "replace").decode("cp1252")
    return latin.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _overlay(width: float, height: float, visible_line: str, codeword: str) -> PageObject:
    mark = _pdf_text(MARK_PREFIX + codeword)
    commands = [
        "q 0.45 g BT",
        f"{_FONT} 7 Tf 1 0 0 1 24 10 Tm ({_pdf_text(visible_line)}) Tj",
        "ET Q",
        "q 1 g BT",
        f"{_FONT} 1 Tf 1 0 0 1 30 6 Tm ({mark}) Tj",
        f"1 0 0 1 {width / 3:.1f} {height - 6:.1f} Tm ({mark}) Tj",
        f"1 0 0 1 4 {height / 2:.1f} Tm ({mark}) Tj",
        "ET Q",
    ]
    page = PageObject.create_blank_page(width=width, height=height)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(_FONT): font})}
    )
    stream = DecodedStreamObject()
    stream.set_data("\n".join(commands).encode("cp1252"))
    page[NameObject("/Contents")] = stream
    return page


def stamp_pdf(data: bytes, visible_line: str, codeword: str) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        writer = PdfWriter(clone_from=reader)
    except (PdfReadError, ValueError, OSError) as error:
        raise NotAPdf(str(error)) from error
    for page in writer.pages:
        box = page.mediabox
        overlay = _overlay(float(box.width), float(box.height), visible_line, codeword)
        page.merge_translated_page(overlay, float(box.left), float(box.bottom), over=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_codewords(data: bytes) -> set[str]:
    """Every codeword stamped in the document's text (usually one)."""
    try:
        reader = PdfReader(io.BytesIO(data))
        texts = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, OSError, KeyError) as error:
        raise NotAPdf(str(error)) from error
    return {found for text in texts for found in _MARK.findall(text.replace("\n", ""))}
