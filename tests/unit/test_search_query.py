"""Validated search queries: what a client may send, and what reaches an engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from infra.errors import AppError, Forbidden
from marketplace.catalogue.creators import CreatorDetails, CreatorProfile
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work, WorkDetails
from marketplace.catalogue.values import CreatorKind, Credit, CreditRole, Visibility
from search.documents import SearchDocument, WorkExtras, build_document
from search.meili_index import build_filter, build_sort, query_text, quote
from search.params import parse_search, parse_suggest
from search.port import Filters, IntRange, SearchError, SearchQuery, Sort, View

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def parse(view: View = View.AUDIENCE, **params: str | Sequence[str]) -> SearchQuery:
    given: Mapping[str, Sequence[str]] = {
        name: [value] if isinstance(value, str) else list(value) for name, value in params.items()
    }
    return parse_search(given, view)


def error_code(view: View = View.AUDIENCE, **params: str | Sequence[str]) -> str:
    with pytest.raises(AppError) as caught:
        parse(view, **params)
    assert 400 <= caught.value.status_code < 500
    return caught.value.code


def test_defaults() -> None:
    query = parse()
    assert query == SearchQuery()
    assert (query.page, query.page_size, query.offset) == (1, 20, 0)
    assert query.effective_sort is Sort.NEWEST  # no words: nothing to rank by


def test_every_parameter_is_read() -> None:
    query = parse(
        q="  bèlè lalin ",
        discipline=["music", "heritage"],
        language=["gcf", "fr"],
        commune="Le Marigot",
        availability=["free", "stream"],
        has_preview="true",
        year_min="1990",
        year_max="2020",
        duration_min="60",
        duration_max="600",
        price_min="0",
        price_max="1500",
        sort="price_asc",
        page="3",
        page_size="10",
    )
    assert query.text == "bèlè lalin"
    assert query.filters == Filters(
        disciplines=("music", "heritage"),
        languages=("gcf-MQ", "fr"),
        communes=("Le Marigot",),
        availability=("free", "stream"),
        has_preview=True,
        year=IntRange(1990, 2020),
        duration_s=IntRange(60, 600),
        price_cents=IntRange(0, 1500),
    )
    assert query.filters.commune_keys == ("le marigot",)
    assert (query.sort, query.page, query.page_size, query.offset) == (Sort.PRICE_ASC, 3, 10, 20)
    assert query.effective_sort is Sort.PRICE_ASC


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"colour": "red"}, "unknown_facet"),
        ({"filter": "discipline = music"}, "unknown_facet"),
        ({"q": "x" * 10_000}, "query_too_long"),
        ({"q": "x" * 201}, "query_too_long"),
        ({"q": ["a", "b"]}, "repeated_parameter"),
        ({"discipline": "sculpture"}, "invalid_facet_value"),
        ({"discipline": ["music"] * 21}, "too_many_facet_values"),
        ({"language": "kreyol"}, "invalid_facet_value"),
        ({"availability": "rent"}, "invalid_facet_value"),
        ({"has_preview": "maybe"}, "invalid_facet_value"),
        ({"commune": "x" * 101}, "invalid_facet_value"),
        ({"year_min": "2020", "year_max": "1990"}, "inverted_range"),
        ({"duration_min": "600", "duration_max": "60"}, "inverted_range"),
        ({"price_min": "500", "price_max": "100"}, "inverted_range"),
        ({"year_min": "twenty"}, "invalid_number"),
        ({"price_min": "-5"}, "invalid_range"),
        ({"year_max": "99999999999"}, "invalid_range"),
        ({"duration_max": "1e9"}, "invalid_number"),
        ({"page_size": "0"}, "invalid_page_size"),
        ({"page_size": "1000000"}, "invalid_page_size"),
        ({"page_size": "51"}, "invalid_page_size"),
        ({"page_size": "ten"}, "invalid_page_size"),
        ({"page": "0"}, "invalid_page"),
        ({"page": "-1"}, "invalid_page"),
        ({"page": "51", "page_size": "20"}, "invalid_page"),
        ({"page": "999999999999"}, "invalid_page"),
        ({"sort": "title"}, "invalid_sort"),
        ({"territory": "FR"}, "partner_only"),
        ({"licence_type": "broadcast"}, "partner_only"),
    ],
)
def test_bad_parameters_have_stable_codes(params: dict[str, str], code: str) -> None:
    assert error_code(**params) == code


def test_rights_filters_are_for_partners() -> None:
    with pytest.raises(Forbidden):
        parse(territory="CA")
    query = parse(View.PARTNER, territory=["CA", "FR"], licence_type="broadcast")
    assert query.filters.territories == ("CA", "FR")
    assert query.filters.licence_types == ("broadcast",)
    assert "territory" in query.facets
    assert "territory" not in parse().facets
    assert error_code(View.PARTNER, territory="france") == "invalid_facet_value"


def test_the_largest_page_is_allowed() -> None:
    assert parse(page="20", page_size="50").offset == 950


def test_a_query_cannot_be_built_invalid() -> None:
    with pytest.raises(SearchError):
        SearchQuery(page_size=0)
    with pytest.raises(SearchError):
        Filters(year=IntRange(2000, 1999))
    with pytest.raises(SearchError):
        Filters(disciplines=("music OR 1=1",))


def test_suggest_parameters() -> None:
    assert parse_suggest({"q": ["bèl"]}) == ("bèl", 8)
    assert parse_suggest({"q": ["bèl"], "limit": ["3"]}) == ("bèl", 3)
    for params, code in (
        ({"q": ["x"], "limit": ["0"]}, "invalid_limit"),
        ({"q": ["x"], "limit": ["11"]}, "invalid_limit"),
        ({"q": ["x" * 10_000]}, "query_too_long"),
        ({"q": ["x"], "page": ["2"]}, "unknown_parameter"),
    ):
        with pytest.raises(SearchError) as caught:
            parse_suggest(params)
        assert caught.value.code == code


# What reaches Meilisearch: plain words, and filters built here with quoted values.


def test_meilisearch_text_is_plain_words() -> None:
    assert query_text('title:* OR 1=1 -zouk "bèlè"') == "title or 1 1 zouk bele"
    assert query_text("") == ""


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("Le Marigot", '"Le Marigot"'),
        ('a" OR discipline = "film', '"a\\" OR discipline = \\"film"'),
        ("back\\slash", '"back\\\\slash"'),
    ],
)
def test_meilisearch_quoting(value: str, literal: str) -> None:
    assert quote(value) == literal


def test_meilisearch_filter_from_a_query() -> None:
    query = parse(
        View.PARTNER,
        discipline=["music", "film"],
        commune='Saint-Pierre" OR id EXISTS',
        has_preview="false",
        year_min="1990",
        price_max="1500",
        territory="CA",
    )
    assert build_filter(query) == [
        'discipline IN ["music", "film"]',
        'commune_key IN ["saint-pierre\\" or id exists"]',
        'territories IN ["CA"]',
        "has_preview = false",
        "year >= 1990",
        "price_cents <= 1500",
    ]
    assert build_sort(parse(sort="newest")) == ["published_ts:desc"]
    assert build_sort(parse(q="zouk")) is None


# Documents: only published, public works.


def _work(visibility: Visibility = Visibility.PUBLIC) -> tuple[Work, CreatorProfile]:
    owner = CreatorProfile.create(
        uuid4(),
        CreatorDetails(kind=CreatorKind.PERSON, name="Léna Tanbouyé", commune="Le Marigot"),
        NOW,
    )
    work = Work.create(
        owner,
        WorkDetails(
            titles={"fr": "Bèlè de la Lune", "gcf": "Bèlè lalin"},
            discipline=Discipline.MUSIC,
            languages=["gcf", "fr"],
            year=2019,
            credits=[Credit("Marius Lafleur", CreditRole.PERFORMER)],
            visibility=visibility,
        ),
        owner.owner_id,
        NOW,
    )
    return work, owner


def test_document_of_a_published_public_work() -> None:
    work, owner = _work()
    assert build_document(work, owner) is None  # a draft is never searchable
    work.publish(owner.owner_id, False, NOW)
    document = build_document(
        work, owner, WorkExtras(has_preview=True, free=True, streamable=True, duration_s=212)
    )
    assert isinstance(document, SearchDocument)
    assert document.titles == {"fr": "Bèlè de la Lune", "gcf-MQ": "Bèlè lalin"}
    assert document.creator_name == "Léna Tanbouyé"
    assert document.commune == "Le Marigot"
    assert document.credit_names == ("Marius Lafleur",)
    assert document.languages == ("gcf-MQ", "fr")
    assert {"music", "Musique", "kréyòl"} <= set(document.tags)
    assert document.availability == ("stream", "free")
    assert (document.duration_s, document.duration_bucket, document.decade) == (
        212,
        "under_5m",
        "2010s",
    )
    assert document.price_cents is None
    assert document.price_bucket is None
    assert document.territories == ()
    assert document.licence_types == ()
    assert SearchDocument.from_dict(document.to_dict()) == document
    assert "territories" not in document.view(partner=False)
    assert document.view(partner=True)["licence_types"] == []


@pytest.mark.parametrize("visibility", [Visibility.UNLISTED, Visibility.PRIVATE])
def test_unlisted_and_private_works_are_never_documents(visibility: Visibility) -> None:
    work, owner = _work(visibility)
    work.publish(owner.owner_id, False, NOW)
    assert build_document(work, owner) is None


def test_withdrawn_work_is_not_a_document() -> None:
    work, owner = _work()
    work.publish(owner.owner_id, False, NOW)
    work.withdraw(owner.owner_id, False, None, NOW)
    assert build_document(work, owner) is None
