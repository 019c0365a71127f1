"""A book stamped per holder. A PDF: a visible line on every page, and an invisible mark that
survives re-saving and "print to PDF" (the pages redrawn onto new pages). An EPUB: a line at the
end of every chapter, and marks that survive a re-export and a passage copied out of it. An
unstamped copy is no match."""

from __future__ import annotations

import io
import re
import zipfile
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


def _epub(chapters: int = 3) -> bytes:
    """A small EPUB 3: its mimetype first and stored, a container, a package, chapters."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        items = "".join(
            f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>'
            for n in range(chapters)
        )
        book.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            f"<manifest>{items}</manifest></package>",
        )
        for n in range(chapters):
            book.writestr(
                f"OEBPS/c{n}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
                f"<head><title>Chapitre {n}</title></head>"
                f"<body><h1>Chapitre {n}</h1><p>{'Kont Konpè Lapen. ' * 50}</p></body></html>",
            )
    return out.getvalue()


def _text_of(epub: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        return book.read(name).decode()


def _repacked_without_hidden_spans(epub: bytes) -> bytes:
    """A reading app's re-export: entries recompressed, hidden elements dropped."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as book, zipfile.ZipFile(out, "w") as copy:
        for info in book.infolist():
            content = book.read(info)
            if info.filename.endswith(".xhtml"):
                content = re.sub(rb'<span style="display:none">[^<]*</span>', b"", content)
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_BZIP2
            copy.writestr(info.filename, content, compress_type=method)
    return out.getvalue()


async def test_each_readers_epub_is_traced_from_the_book_or_a_passage_copied_out_of_it(
    container: Container, tmp_path: Path
) -> None:
    source = tmp_path / "book.epub"
    source.write_bytes(_epub())
    asset_id = await ready_asset(container, source, MediaKind.BOOK, {})
    copies = container.services.get(MarkedCopies)
    await copies.prepare(asset_id)
    tracer = container.services.get(TraceService)
    for reader in READERS[:3]:
        await copies.issue(asset_id, reader)
        line = f"{reader} — Éditions <Lakou> & co"
        stamped = await copies.stamped_document(asset_id, reader, line)
        with zipfile.ZipFile(io.BytesIO(stamped)) as book:
            first = book.infolist()[0]
            assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
            chapters = [n for n in book.namelist() if n.endswith(".xhtml")]
        assert len(chapters) == 3
        for chapter in chapters:
            text = _text_of(stamped, chapter)
            # The holder's line is shown, escaped, before the end of every chapter.
            assert f"{reader} — Éditions &lt;Lakou&gt; &amp; co" in text
            assert text.index("lakou-copy") < text.rindex("</body>")
        leaked = tmp_path / f"{reader}.epub"
        leaked.write_bytes(_repacked_without_hidden_spans(stamped))
        result = await tracer.trace(leaked)
        assert (result.verdict.holder_ref, result.asset_id) == (reader, asset_id)
        # A passage pasted into a mail: the end of a chapter as a reader selects it (the hidden
        # span is not copied), tags gone.
        shown = re.sub(
            r'<span style="display:none">[^<]*</span>', "", _text_of(stamped, chapters[1])
        )
        passage = re.sub(r"<[^>]+>", " ", shown)[-300:]
        assert "lk" not in passage
        pasted = tmp_path / f"{reader}.txt"
        pasted.write_text(passage, encoding="utf-8")
        assert (await tracer.trace(pasted)).verdict.holder_ref == reader
    assert (await tracer.trace(source)).verdict.holder_ref is None
