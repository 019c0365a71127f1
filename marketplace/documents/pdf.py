"""HTML to PDF with WeasyPrint (docs/decisions.md, "PDF documents"): the only module that
imports it. CPU-bound; callers run it in a thread."""

from __future__ import annotations

from typing import Any

import weasyprint


class ExternalResourceRefused(Exception):
    """A document template asked for a file or URL: documents inline everything they show."""


def _refuse(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ExternalResourceRefused(url)


def html_to_pdf(html: str) -> bytes:
    # Nothing is fetched, so a name a person typed can never make the renderer load a URL.
    return bytes(weasyprint.HTML(string=html, url_fetcher=_refuse).write_pdf())
