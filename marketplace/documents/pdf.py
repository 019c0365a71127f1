"""HTML to PDF with WeasyPrint (docs/decisions.md, "PDF documents"): the only module that
imports it. CPU-bound; callers run it in a thread."""

from __future__ import annotations

import threading
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration

# Loading the fonts is a third of a receipt's time (docs/benchmarks.md): each thread keeps its
# own configuration (WeasyPrint does not promise that one may be shared across threads).
_per_thread = threading.local()


class ExternalResourceRefused(Exception):
    """A document template asked for a file or URL: documents inline everything they show."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ExternalResourceRefused(url)


def _fonts() -> FontConfiguration:
    fonts = getattr(_per_thread, "fonts", None)
    if fonts is None:
        fonts = _per_thread.fonts = FontConfiguration()
    return fonts


def html_to_pdf(html: str, variant: str | None = None) -> bytes:
    """`variant`: a PDF/A flavour WeasyPrint knows (`pdf/a-3b` for Factur-X invoices)."""
    # Nothing is fetched, so a name a person typed can never make the renderer load a URL.
    document = weasyprint.HTML(string=html, url_fetcher=_refuse)
    return bytes(document.write_pdf(font_config=_fonts(), pdf_variant=variant))


def html_to_pdf_a3(html: str) -> bytes:
    """PDF/A-3b: the archival form that may carry an attached file (a Factur-X invoice's XML)."""
    return html_to_pdf(html, "pdf/a-3b")
