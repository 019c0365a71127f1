"""A receipt in words: its HTML, in the buyer's language, dated in Martinique's time zone."""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from infra.i18n import formatting
from infra.i18n.context import DEFAULT_TIME_ZONE, activated
from infra.i18n.jinja import install_i18n
from infra.i18n.languages import BY_TAG, SOURCE
from marketplace.documents.domain import Receipt
from marketplace.documents.settings import LegalIdentity

TEMPLATES = Path(__file__).parent / "templates"
# Receipts are dated where Lakou is established, whatever the reader's own time zone.
DOCUMENT_TIME_ZONE = DEFAULT_TIME_ZONE


def country_name(code: str, language: str) -> str:
    formats = BY_TAG.get(language, BY_TAG[SOURCE]).formats
    return str(Locale.parse(formats).territories.get(code.upper(), code.upper()))


class ReceiptRenderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
        )
        install_i18n(self._env)
        # Our own file, never a person's text: safe to put in the <style> element as it is.
        self._styles = Markup((templates / "documents" / "receipt.css").read_text("utf-8"))  # noqa: S704
        self._env.globals.update(
            money=formatting.money,
            rate=formatting.rate,
            date=formatting.local_date,
            datetime=formatting.local_datetime,
        )

    def html(self, receipt: Receipt, seller: LegalIdentity) -> str:
        with activated(receipt.language, DOCUMENT_TIME_ZONE):
            return self._env.get_template("documents/receipt.html").render(
                receipt=receipt,
                seller=seller,
                styles=self._styles,
                lang=receipt.language,
                country=country_name(receipt.buyer_country, receipt.language),
            )
