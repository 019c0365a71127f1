"""A licence invoice in words, in the partner's language (the VAT mentions stay in French, as
the law writes them), dated in Martinique's time zone."""

from __future__ import annotations

from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from infra.i18n import formatting
from infra.i18n.context import DEFAULT_TIME_ZONE, activated
from infra.i18n.jinja import install_i18n
from infra.i18n.languages import BY_TAG, SOURCE
from marketplace.documents.rendering import country_name
from marketplace.licensing.contracts.rendering import STYLES, TEMPLATES
from marketplace.licensing.invoicing.domain import Invoice


class InvoiceRenderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
        )
        install_i18n(self._env)
        self._styles = Markup(STYLES.read_text("utf-8"))  # noqa: S704 - our own file
        self._env.globals.update(
            money=formatting.money, rate=formatting.rate, date=formatting.local_date
        )

    def html(self, invoice: Invoice, on_behalf: str, credit_of: str = "") -> str:
        """The invoice, or with `credit_of` (the invoice's number) a credit note against it."""
        language = invoice.language
        with activated(language, DEFAULT_TIME_ZONE):
            return self._env.get_template("licensing/contracts/invoice.html").render(
                invoice=invoice,
                on_behalf=on_behalf,
                credit_of=credit_of,
                styles=self._styles,
                lang=language,
                country=country_name(invoice.buyer.country, language),
                day=lambda value: format_date(
                    value, "long", locale=BY_TAG.get(language, BY_TAG[SOURCE]).formats
                ),
            )
