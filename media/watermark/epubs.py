"""Stamping an EPUB for one holder, and reading the stamp back.

At the end of every content document (each XHTML file of the book):
- a visible line (the holder's name, organisation, date, as the caller words it), escaped;
- the holder's codeword written twice, invisibly: as zero-width characters inside the visible
  line (U+2060 then one U+200B or U+200C per bit), which stay in the text when a passage is
  copied, pasted or converted to another format by a reading app; and as plain text
  (`lk<codeword>`) in a hidden span, for tools that drop unusual characters.

The archive is rewritten as an EPUB must be: `mimetype` first and stored uncompressed, the other
entries as they were compressed. What defeats the stamp (docs/decisions.md): retyping the text,
or removing both marks by hand once found; the codeword alone names no one without this
database.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

MARK_PREFIX = "lk"
_PLAIN = re.compile(MARK_PREFIX + r"([0-9a-f]{16})")
_START, _ZERO, _ONE = "\u2060", "\u200b", "\u200c"
_HIDDEN = re.compile(_START + "([" + _ZERO + _ONE + "]{64})")
_CONTENT = (".xhtml", ".html", ".htm")
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


class NotAnEpub(Exception):
    """The bytes are not an EPUB archive that can be read."""


def _hidden(codeword: str) -> str:
    bits = f"{int(codeword, 16):064b}"
    return _START + "".join(_ONE if bit == "1" else _ZERO for bit in bits)


def _stamp(visible_line: str, codeword: str) -> bytes:
    line = html.escape(visible_line)
    return (
        '<p class="lakou-copy" style="font-size:0.7em;color:#666;margin-top:2em">'
        f"{line}{_hidden(codeword)}</p>"
        f'<span style="display:none">{MARK_PREFIX}{codeword}</span>'
    ).encode()


def stamp_epub(data: bytes, visible_line: str, codeword: str) -> bytes:
    stamp = _stamp(visible_line, codeword)
    out = io.BytesIO()
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as book,
            zipfile.ZipFile(out, "w") as stamped,
        ):
            names = book.namelist()
            if not names or names[0] != "mimetype":
                raise NotAnEpub("the archive does not start with its mimetype")
            for info in book.infolist():
                content = book.read(info)
                if info.filename.lower().endswith(_CONTENT) and _BODY_END.search(content):
                    # Before the last </body>: the stamp closes the document.
                    *_, last = _BODY_END.finditer(content)
                    content = content[: last.start()] + stamp + content[last.start() :]
                compression = zipfile.ZIP_STORED if info.filename == "mimetype" else None
                stamped.writestr(info, content, compress_type=compression or info.compress_type)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise NotAnEpub(str(error)) from error
    return out.getvalue()


def codewords_in_text(text: str) -> set[str]:
    """Every codeword in a text: plain or in zero-width characters."""
    found = set(_PLAIN.findall(text))
    for bits in _HIDDEN.findall(text):
        value = int("".join("1" if c == _ONE else "0" for c in bits), 2)
        found.add(f"{value:016x}")
    return found


def read_epub_codewords(data: bytes) -> set[str]:
    """Every codeword stamped in the book's content documents (usually one)."""
    found: set[str] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            for name in book.namelist():
                if name.lower().endswith(_CONTENT):
                    found |= codewords_in_text(book.read(name).decode("utf-8", "replace"))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise NotAnEpub(str(error)) from error
    return found
