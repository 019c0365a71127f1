"""Books: PDF by its %PDF- header and end marker, EPUB by its ZIP container and mimetype."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from media.kinds import MediaKind
from media.safety import Rejected, inspect_file


def minimal_pdf() -> bytes:
    """A valid one-page PDF, cross-reference offsets included."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


CONTAINER_XML = b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
CONTENT_OPF = b"""<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:4f1c0d7e-0000-4000-8000-000000000001</dc:identifier>
    <dc:title>Kont</dc:title><dc:language>gcf-MQ</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="c1"/></spine>
</package>"""
XHTML = b"""<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Kont</title></head><body><p>Krik? Krak!</p></body></html>"""


def build_epub(
    *,
    mimetype_first: bool = True,
    with_container: bool = True,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    files: list[tuple[str, bytes]] = []
    if with_container:
        files.append(("META-INF/container.xml", CONTAINER_XML))
    files += [
        ("OEBPS/content.opf", CONTENT_OPF),
        ("OEBPS/nav.xhtml", XHTML),
        ("OEBPS/c1.xhtml", XHTML),
    ]
    files += list((extra or {}).items())
    mimetype = ("mimetype", b"application/epub+zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ordered = [mimetype, *files] if mimetype_first else [*files, mimetype]
        for name, data in ordered:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def write(tmp_path: Path, data: bytes, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def code_of(path: Path, kind: MediaKind = MediaKind.BOOK) -> str:
    with pytest.raises(Rejected) as caught:
        inspect_file(path, kind)
    return caught.value.code


def test_a_minimal_pdf_is_accepted(tmp_path: Path) -> None:
    data = minimal_pdf()
    facts = inspect_file(write(tmp_path, data, "livre.epub"), MediaKind.BOOK)
    assert (facts.kind, facts.format_name, facts.mime_type, facts.size_bytes) == (
        MediaKind.BOOK,
        "pdf",
        "application/pdf",
        len(data),
    )


def test_a_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    data = minimal_pdf()
    assert code_of(write(tmp_path, data[: len(data) - 30], "cut.pdf")) == "corrupt_media"


def test_a_pdf_with_a_broken_header_is_corrupt(tmp_path: Path) -> None:
    assert code_of(write(tmp_path, b"%PDF-x\n%%EOF\n", "x.pdf")) == "corrupt_media"


def test_a_minimal_epub_is_accepted(tmp_path: Path) -> None:
    facts = inspect_file(write(tmp_path, build_epub(), "kont.zip"), MediaKind.BOOK)
    assert (facts.format_name, facts.mime_type) == ("epub", "application/epub+zip")


def test_an_epub_without_leading_mimetype_is_not_an_epub(tmp_path: Path) -> None:
    path = write(tmp_path, build_epub(mimetype_first=False), "kont.epub")
    assert code_of(path) == "unsupported_format"


def test_a_plain_zip_is_not_a_book(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("chapter.txt", "Krik? Krak!")
    assert code_of(write(tmp_path, buffer.getvalue(), "book.epub")) == "unsupported_format"


def test_an_epub_without_container_is_corrupt(tmp_path: Path) -> None:
    path = write(tmp_path, build_epub(with_container=False), "kont.epub")
    assert code_of(path) == "corrupt_media"


def test_epub_entries_get_the_archive_checks(tmp_path: Path) -> None:
    path = write(tmp_path, build_epub(extra={"../../evil.xhtml": XHTML}), "kont.epub")
    assert code_of(path) == "archive_unsafe_path"


def test_an_epub_is_also_a_valid_game_zip(tmp_path: Path) -> None:
    facts = inspect_file(write(tmp_path, build_epub(), "kont.epub"), MediaKind.GAME)
    assert facts.format_name == "zip"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<html><body>not a book</body></html>", "unsupported_format"),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "kind_mismatch"),
        (b"Chapter one\nKrik? Krak!\n", "unsupported_format"),
    ],
)
def test_other_content_is_refused_for_books(tmp_path: Path, data: bytes, code: str) -> None:
    assert code_of(write(tmp_path, data, "book.pdf")) == code
    assert code_of(write(tmp_path, data, "game.zip"), MediaKind.GAME) == code
