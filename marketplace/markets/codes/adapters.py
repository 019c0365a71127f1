"""The printable sheet of a batch: one QR code per code (segno), laid out as a PDF by the
documents' WeasyPrint renderer, which fetches nothing (the QR codes are inline SVG)."""

from __future__ import annotations

from pathlib import Path

import anyio
import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from infra.i18n import formatting
from infra.i18n.context import current_language
from infra.i18n.jinja import install_i18n
from marketplace.documents.pdf import html_to_pdf
from marketplace.markets.codes.domain import grouped
from marketplace.markets.codes.service import Sheet

TEMPLATES = Path(__file__).parents[1] / "templates"


def redemption_url(public_url: str, code: str) -> str:
    return f"{public_url.rstrip('/')}/codes/{code}"


class SheetPdf:
    def __init__(self, public_url: str, templates: Path = TEMPLATES) -> None:
        self._public_url = public_url
        self._env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
        )
        install_i18n(self._env)
        # Our own file, never a person's text: safe in the <style> element as it is.
        css = templates / "markets" / "code_sheet.css"
        self._styles = Markup(css.read_text("utf-8"))  # noqa: S704
        self._env.globals.update(money=formatting.money, date=formatting.local_date)

    def html(self, sheet: Sheet) -> str:
        """In the language of the request that asks for it (the exhibitor's)."""
        cells = []
        for place, code in enumerate(sheet.codes, start=1):
            url = redemption_url(self._public_url, code)
            # segno's own SVG of a URL we built: no person's text goes into it.
            qr = Markup(segno.make(url, error="m").svg_inline(scale=3, border=0))  # noqa: S704
            cells.append({"place": place, "code": grouped(code), "url": url, "qr": qr})
        work = sheet.work
        title = work.titles.get("fr") or next(iter(work.titles.values()), "")
        creole = work.titles.get("gcf-MQ") or work.titles.get("gcf")
        return self._env.get_template("markets/code_sheet.html").render(
            sheet=sheet,
            cells=cells,
            styles=self._styles,
            lang=current_language(),
            title=title,
            creole=creole if creole != title else None,
        )

    async def pdf(self, sheet: Sheet) -> bytes:
        html = self.html(sheet)
        # Up to 500 QR codes: laid out in a worker thread, the event loop keeps serving.
        return await anyio.to_thread.run_sync(html_to_pdf, html)
