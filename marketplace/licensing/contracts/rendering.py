"""A contract in words: French first (the version that binds), then the partner's language when
it differs, each rendered with its own catalogue and dated in Martinique's time zone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from infra.i18n import formatting
from infra.i18n.context import DEFAULT_TIME_ZONE, N_, activated, gettext
from infra.i18n.jinja import install_i18n
from infra.i18n.languages import BY_TAG, SOURCE
from marketplace.documents.rendering import country_name
from marketplace.licensing import territories
from marketplace.licensing.media import MEDIUM_LABELS

TEMPLATES = Path(__file__).parent.parent / "templates"
STYLES = TEMPLATES / "licensing" / "contracts" / "contract.css"


@dataclass(frozen=True)
class ContractFacts:
    """What a contract states, gathered from the deal when it is drawn."""

    reference: str
    kind: str
    drawn_at: datetime
    work_title: str
    holder_name: str  # the signatory the mandate names
    rights_person: str  # who answers for the rights side on Lakou
    licensee: str
    partner_person: str
    medium: str
    territory: str  # the expression as the partner wrote it
    countries: frozenset[str]
    starts_on: date
    ends_on: date | None
    exclusive: bool
    language: str
    intended_use: str
    price_cents: int
    terms: str
    deliverables: tuple[str, ...]
    payment_days: int


@dataclass(frozen=True)
class TerritoryWords:
    included: list[str]
    excluded: list[str]
    count: int


def territory_words(expression: str, countries: frozenset[str], language: str) -> TerritoryWords:
    """Each term named: a country by its name, a group by its name and source."""
    data = territories.territories()
    include, exclude = territories.parse(expression)

    def name(term: str) -> str:
        if len(term) == 2 and term.upper() in data.countries:
            return country_name(term, language)
        return f"{term.lower().replace('_', ' ')} ({data.sources.get(term.lower(), '')})"

    return TerritoryWords([name(t) for t in include], [name(t) for t in exclude], len(countries))


class ContractRenderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
        )
        install_i18n(self._env)
        # Our own file, never a person's text.
        self._styles = Markup(STYLES.read_text("utf-8"))  # noqa: S704
        self._env.globals.update(money=formatting.money, date=formatting.local_date)

    def html(self, facts: ContractFacts, languages: Sequence[str]) -> str:
        versions = []
        for language in languages:
            with activated(language, DEFAULT_TIME_ZONE):
                body = self._env.get_template("licensing/contracts/version.html").render(
                    c=facts,
                    heading=gettext(HEADINGS[facts.kind]),
                    authoritative=language == SOURCE,
                    medium=gettext(_medium_label(facts.medium)),
                    territory=territory_words(facts.territory, facts.countries, language),
                    day=lambda value, lang=language: format_date(
                        value, "long", locale=BY_TAG.get(lang, BY_TAG[SOURCE]).formats
                    ),
                )
            versions.append({"language": language, "body": Markup(body)})  # noqa: S704
        return self._env.get_template("licensing/contracts/contract.html").render(
            title=f"Contrat {facts.reference}", styles=self._styles, versions=versions
        )


def _medium_label(value: str) -> str:
    return next((label for medium, label in MEDIUM_LABELS.items() if medium.value == value), value)


HEADINGS = {
    "distribution": N_("Contrat de licence de distribution"),
    "broadcast": N_("Contrat de licence de diffusion"),
    "sync": N_("Licence de synchronisation"),
    "publishing": N_("Contrat de licence d'édition"),
}
