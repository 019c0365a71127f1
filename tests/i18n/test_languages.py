"""How a request chooses its language, and formatting in each language (unit level)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from infra.errors import fill
from infra.i18n import formatting
from infra.i18n.catalogues import FrenchSource
from infra.i18n.context import activated, ngettext
from infra.i18n.languages import canonical, from_accept_language, negotiate


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr", "fr"),
        ("fr-CA", "fr"),
        ("EN_gb", "en"),
        ("es-419", "es"),
        ("gcf-MQ", "gcf-MQ"),
        ("GCF", "gcf-MQ"),
        ("acf", "gcf-MQ"),
        ("cpf", "gcf-MQ"),
        ("de", None),
        ("", None),
        ("<script>alert(1)</script>", None),
        ("x" * 10_000, None),
    ],
)
def test_tags_name_an_interface_language_or_nothing(tag: str, expected: str | None) -> None:
    assert canonical(tag) == expected


def test_query_then_cookie_then_header_then_french() -> None:
    assert negotiate("es", "en", "gcf") == "es"
    assert negotiate(None, "en", "gcf") == "en"
    assert negotiate("klingon", "<b>", "gcf;q=0.5, de") == "gcf-MQ"
    assert negotiate(None, None, None) == "fr"


def test_accept_language_by_quality_then_order() -> None:
    assert from_accept_language("de-DE, es;q=0.8, en;q=0.9") == "en"
    assert from_accept_language("en;q=0.5, es;q=0.5") == "en"
    assert from_accept_language("en;q=0, fr;q=bad, es;q=2") is None
    assert from_accept_language("de, it") is None


def test_a_header_of_ten_thousand_entries_is_read_only_so_far() -> None:
    header = ", ".join(["de;q=0.9"] * 10_000 + ["es"])
    # Past the bound, the Spanish at the end is never reached: French by default.
    assert negotiate(None, None, header) == "fr"
    assert from_accept_language("es, " + header) == "es"


@pytest.mark.parametrize(
    ("tag", "money", "rate"),
    [
        ("fr", "1\u202f234,50\u00a0€", "8,5\u00a0%"),
        ("gcf-MQ", "1\u202f234,50\u00a0€", "8,5\u00a0%"),
        ("en", "€1,234.50", "8.5%"),
        ("es", "1,234.50 euros", "8.5%"),
    ],
)
def test_money_and_rates_as_cldr_writes_them(tag: str, money: str, rate: str) -> None:
    assert formatting.money(123_450, tag=tag) == money
    assert formatting.rate(850, tag=tag) == rate


def test_dates_are_shown_in_martinique_unless_another_zone_is_chosen() -> None:
    # 02:00 UTC on 6 December is still 5 December in Martinique (UTC-4).
    moment = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)
    with activated("fr"):
        assert formatting.local_date(moment) == "5 décembre 2026"
        assert "22:00" in formatting.local_datetime(moment)
    with activated("en", "Europe/Paris"):
        assert formatting.local_date(moment) == "December 6, 2026"
        assert "3:00" in formatting.local_datetime(moment)
    with activated("es"):
        assert formatting.local_date(moment) == "5 de diciembre de 2026"


def test_only_real_time_zones_are_taken() -> None:
    assert formatting.valid_time_zone("Europe/Paris") == "Europe/Paris"
    assert formatting.valid_time_zone("../../etc/passwd") is None
    assert formatting.valid_time_zone("x" * 10_000) is None


@pytest.mark.parametrize("count", [-5, -1, 0, 1, 2, 10**30])
def test_french_plurals_take_the_singular_for_zero_and_one(count: int) -> None:
    text = FrenchSource().ngettext("%(n)s œuvre", "%(n)s œuvres", count)
    assert text == ("%(n)s œuvre" if -2 < count < 2 else "%(n)s œuvres")
    with activated("gcf-MQ"):
        assert ngettext("œuvre", "œuvres", count) in ("œuvre", "œuvres")


def test_a_parameter_missing_from_a_message_leaves_its_placeholder() -> None:
    assert fill("Il manque %(amount)s sur %(total)s.", {"amount": "5 %"}) == (
        "Il manque 5 % sur %(total)s."
    )
    assert fill("100 %% sûr", {}) == "100 % sûr"
