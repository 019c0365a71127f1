"""A book (PDF) stamped per holder: a visible line on every page, and an invisible mark that
survives re-saving and "print to PDF" (the pages redrawn onto new pages); an unstamped copy is
no match."""

from __future__ import annotations

import io
from pathlib import Path

import weasyprint
from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from lakou.bootstrap import Container
from media.kinds import MediaKind
from media.watermark.service import MarkedCopies
from media.watermark.tracing import TraceService
from tests.watermark_helpers import ready_asset

READERS = [f"reader-{n}" for n in range(5)]


def _book() -> bytes:
    chapters = "".join(
        f'<h2 style="break-before: page">Chapitre {n}</h2><p>{"Lakou. " * 200}</p>'
        for n in range(3)
    )
    return bytes(weasyprint.HTML(string=f"<h1>Manuscrit</h1>{chapters}").write_pdf())


def _print_to_pdf(data: bytes) -> bytes:
    """What a print dialog's "save as PDF" does to a page: redrawn, scaled to fit, on a new
    page of a new file without the original's structure or metadata."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        sheet = PageObject.create_blank_page(width=595, height=842)
        sheet.merge_transformed_page(page, Transformation().scale(0.94).translate(18, 25))
        writer.add_page(sheet)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _resave(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


async def test_each_readers_copy_is_traced_after_resaving_and_printing(
    container: Container, tmp_path: Path
) -> None:
    source = tmp_path / "book.pdf"
    source.write_bytes(_book())
    asset_id = await ready_asset(container, source, MediaKind.BOOK, {"pages": 4})
    copies = container.services.get(MarkedCopies)
    await copies.prepare(asset_id)
    assert await copies.state(asset_id) == "ready"
    tracer = container.services.get(TraceService)
    for reader in READERS:
        await copies.issue(asset_id, reader)
        stamped = await copies.stamped_document(asset_id, reader, f"{reader} — Éditions Lakou")
        pages = PdfReader(io.BytesIO(stamped)).pages
        assert len(pages) == 4
        assert all(f"{reader} — Éditions Lakou" in page.extract_text() for page in pages)
        leaked = tmp_path / f"{reader}.pdf"
        leaked.write_bytes(_print_to_pdf(_resave(stamped)))
        result = await tracer.trace(leaked)
        assert (result.verdict.holder_ref, result.asset_id) == (reader, asset_id)
    assert (await tracer.trace(source)).verdict.holder_ref is None
