"""A sync licence's certificate as a PDF: the licensee, the work, the tier, the use, the
territory, the term and the certificate's number, in the reader's language, dated in
Martinique. Laid out by the documents module's renderer (WeasyPrint: nothing fetched).

Made when asked for, like the funders' report, not kept: it only shows a paid licence's row,
which never changes after payment (terms, number and start are fixed then), so every copy
says the same; a refunded licence has no certificate any more."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from infra.i18n import formatting
from infra.i18n.context import DEFAULT_TIME_ZONE, activated
from infra.i18n.jinja import install_i18n
from marketplace.documents.pdf import html_to_pdf
from marketplace.licensing.media import MEDIUM_LABELS
from marketplace.licensing.sync.domain import SyncLicence
from marketplace.licensing.sync.labels import TIER_LABELS

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


class CertificateRenderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
        )
        install_i18n(self._env)
        # Our own file, never a person's text: safe to put in the <style> element as it is.
        css = templates / "licensing" / "certificate.css"
        self._styles = Markup(css.read_text("utf-8"))  # noqa: S704
        self._env.globals.update(money=formatting.money, date=formatting.local_date)

    def html(self, licence: SyncLicence, language: str) -> str:
        with activated(language, DEFAULT_TIME_ZONE):
            return self._env.get_template("licensing/certificate.html").render(
                licence=licence,
                styles=self._styles,
                lang=language,
                tier_label=TIER_LABELS[licence.terms.tier],
                medium_label=MEDIUM_LABELS[licence.scope.medium],
            )

    def pdf(self, licence: SyncLicence, language: str) -> bytes:
        """CPU-bound (about 0.1 s): callers run it in a thread."""
        return html_to_pdf(self.html(licence, language))
