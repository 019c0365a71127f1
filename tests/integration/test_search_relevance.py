"""Relevance: a seeded catalogue of 40 works (French, Creole, English, Spanish titles) and the
works each query must bring into its first results (typos, accents, Creole spellings, several
languages). Runs on tantivy, and on Meilisearch when `MEILISEARCH_URL` is set."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search.documents import SearchDocument
from search.port import SearchIndex, SearchQuery
from tests.integration.test_search_contract import (
    MEILI_REASON,
    close_engine,
    document,
    open_engine,
)


def work(id: str, discipline: str, titles: dict[str, str], **extra: Any) -> SearchDocument:
    languages = tuple(dict.fromkeys(extra.pop("languages", tuple(titles))))
    extra.setdefault("creator", "Collectif anonyme")
    return document("", id=id, titles=titles, discipline=discipline, languages=languages, **extra)


CATALOGUE = [
    work(
        "bele-lalin",
        "music",
        {"fr": "Bèlè de la Lune", "gcf-MQ": "Bèlè lalin"},
        creator="Léna Tanbouyé",
        description="Chants et tambours bèlè du nord de la Martinique.",
    ),
    work(
        "kont-kreyol",
        "heritage",
        {"fr": "Contes créoles de mon grand-père", "gcf-MQ": "Kont kréyòl granpapa"},
        creator="Josiane Moutoussamy",
    ),
    work(
        "lanme-ble",
        "music",
        {"gcf-MQ": "Lanmè blé", "fr": "La mer bleue", "en": "Blue Sea"},
        creator="Kali Band",
    ),
    work("zouk-nuit", "music", {"fr": "Zouk toute la nuit"}, creator="Malavoi Jeunesse"),
    work(
        "canne",
        "film",
        {"fr": "La canne à sucre, une histoire martiniquaise", "en": "Sugar Cane"},
        creator="Studio Madiana",
        credits=("Élodie Sainte-Rose",),
        description="Un documentaire sur les plantations et les distilleries.",
    ),
    work(
        "saint-pierre",
        "photography",
        {"fr": "Saint-Pierre après l'éruption"},
        creator="Marc Lafontaine",
        commune="Saint-Pierre",
    ),
    work("danmye", "live_performance", {"gcf-MQ": "Danmyé: konba épi mizik"}, creator="Ti Jo"),
    work("biguine", "music", {"fr": "Biguines des années trente"}, year=1932, creator="Orchestre"),
    work("mazurka", "music", {"fr": "Mazurka créole pour piano"}, creator="Marius Cultier"),
    work(
        "volcan-jeu",
        "video_game",
        {"fr": "Volcan : le jeu de la montagne Pelée", "en": "Volcano: The Mount Pelée Game"},
        creator="Pixel Péyi",
    ),
    work(
        "manicou",
        "animation",
        {"fr": "Les aventures de Manicou", "gcf-MQ": "Manikou ek zanmi'y"},
        creator="Anim Karayib",
    ),
    work("cyclone", "books", {"fr": "L'Œil du cyclone"}, creator="Raphaël Constant"),
    work("negritude", "books", {"fr": "Poèmes de la négritude"}, creator="Édition Désormeaux"),
    work("sculpture", "crafts", {"fr": "Sculptures en bois de mahogany"}, creator="Atelier Bwa"),
    work("madras", "design_fashion", {"fr": "Le madras dans la mode contemporaine"}),
    work(
        "carnaval",
        "live_performance",
        {"fr": "Carnaval : la mort de Vaval", "gcf-MQ": "Kannaval : Vaval mò"},
    ),
    work("tanbou-dlo", "music", {"gcf-MQ": "Tanbou dlo", "fr": "Le tambour d'eau"}),
    work("nwel", "music", {"gcf-MQ": "Chanté Nwèl", "fr": "Chants de Noël créoles"}),
    work("jardin", "heritage", {"fr": "Le jardin créole et ses plantes médicinales"}),
    work("mangrove", "visual_arts", {"fr": "Peintures de la mangrove"}, creator="Hélène Jos"),
    work(
        "pecheurs",
        "film",
        {"fr": "Les pêcheurs du Robert", "en": "The Fishermen of Le Robert"},
        commune="Le Robert",
    ),
    work("slam", "live_performance", {"gcf-MQ": "Lavi sé an konba"}, creator="Slam Matinik"),
    work("ti-bwa", "music", {"fr": "Rythmes du ti-bwa"}, creator="Groupe Bwa Pyé"),
    work("dancehall", "music", {"en": "Dancehall Matinik"}, creator="Selecta Nord"),
    work("realite", "digital_creation", {"fr": "Réalité virtuelle au musée"}),
    work(
        "visages",
        "photography",
        {"fr": "Visages de Fort-de-France"},
        commune="Fort-de-France",
    ),
    work(
        "musiciennes",
        "music",
        {"fr": "Musiciennes martiniquaises d'hier et d'aujourd'hui"},
        creator="Collectif Fanm",
    ),
    work(
        "compere-lapin",
        "heritage",
        {"fr": "Compère Lapin et Compère Zamba", "gcf-MQ": "Konpè Lapen ek Konpè Zanba"},
    ),
    work(
        "jazz",
        "music",
        {"en": "Caribbean Jazz Nights", "fr": "Nuits de jazz caribéen"},
        creator="Trio Alizé",
    ),
    work("salsa", "music", {"es": "Noches de salsa en Fort-de-France"}, creator="Son del Caribe"),
    work(
        "tragedie",
        "live_performance",
        {"fr": "La tragédie du roi Christophe"},
        description="Théâtre d'Aimé Césaire mis en scène à Fort-de-France.",
    ),
    work("rue-cases", "film", {"fr": "Une rue, des cases"}, description="Court métrage."),
    work("bele-lino", "music", {"gcf-MQ": "Bèlè Linò"}, creator="Bèlènou"),
    work("kaz", "design_fashion", {"fr": "Kaz kréyòl : architecture traditionnelle"}),
    work(
        "recettes",
        "heritage",
        {"fr": "Recettes de ma grand-mère : colombo et accras"},
        creator="Tatie Rosette",
    ),
    work("vannerie", "crafts", {"fr": "La vannerie de Morne-des-Esses"}),
    work("yoles", "film", {"fr": "Le tour des yoles rondes"}, creator="Yole Vision"),
    work("chouval-bwa", "heritage", {"fr": "Le manège chouval bwa"}),
    work("pelee-ciel", "photography", {"fr": "La montagne Pelée vue du ciel"}),
    work(
        "lanmou",
        "music",
        {"gcf-MQ": "Lanmou pa ni fwontyè", "fr": "L'amour n'a pas de frontière"},
        creator="Kenny Lanmou",
    ),
]

# (query, works that must all be in the first `top` results, top)
CASES: list[tuple[str, set[str], int]] = [
    ("bèlè", {"bele-lalin", "bele-lino"}, 3),
    ("bele", {"bele-lalin"}, 3),
    ("BÈLÈ LALIN", {"bele-lalin"}, 1),
    ("bele lune", {"bele-lalin"}, 1),
    ("kréyòl", {"kont-kreyol", "kaz"}, 5),
    ("kreyol", {"kont-kreyol"}, 5),
    ("kreol", {"kont-kreyol"}, 5),
    ("kont kreyol", {"kont-kreyol"}, 1),
    ("contes créoles", {"kont-kreyol"}, 1),
    ("lanmè", {"lanme-ble"}, 1),
    ("blue sea", {"lanme-ble"}, 1),
    ("la mer", {"lanme-ble"}, 3),
    ("zouk", {"zouk-nuit"}, 1),
    ("zouck", {"zouk-nuit"}, 1),
    ("documentaire canne sucre", {"canne"}, 1),
    ("sugar cane", {"canne"}, 1),
    ("Sainte-Rose", {"canne"}, 1),
    ("éruption saint pierre", {"saint-pierre"}, 1),
    ("erupsion", {"saint-pierre"}, 1),
    ("danmyé", {"danmye"}, 1),
    ("ladja", {"danmye"}, 1),
    ("biguine", {"biguine"}, 1),
    ("béguine", {"biguine"}, 1),
    ("mazouk", {"mazurka"}, 1),
    ("volcano game", {"volcan-jeu"}, 1),
    ("montagne pelée", {"volcan-jeu", "pelee-ciel"}, 3),
    ("manikou", {"manicou"}, 1),
    ("oeil du cyclone", {"cyclone"}, 1),
    ("cyclonne", {"cyclone"}, 1),
    ("négritude poèmes", {"negritude"}, 1),
    ("poeme", {"negritude"}, 1),
    ("kannaval", {"carnaval"}, 1),
    ("carnaval vaval", {"carnaval"}, 1),
    ("tambour", {"tanbou-dlo", "bele-lalin"}, 3),
    ("chants de noel", {"nwel"}, 1),
    ("chanté nwèl", {"nwel"}, 1),
    ("musicienne", {"musiciennes"}, 1),
    ("musiciens martiniquais", {"musiciennes"}, 3),
    ("Léna Tanbouyé", {"bele-lalin"}, 1),
    ("tanbouye", {"bele-lalin"}, 1),
    ("caribbean jazz", {"jazz"}, 1),
    ("salsa fort de france", {"salsa"}, 1),
    ("compère lapin", {"compere-lapin"}, 1),
    ("konpe lapen", {"compere-lapin"}, 1),
    ("jardin créole plantes", {"jardin"}, 1),
    ("fishermen", {"pecheurs"}, 1),
    ("pecheur robert", {"pecheurs"}, 1),
    ("lavi se an konba", {"slam"}, 1),
    ("amour frontière", {"lanmou"}, 1),
    ("lanmou", {"lanmou"}, 1),
    ("yole ronde", {"yoles"}, 1),
    ("réalite virtuel", {"realite"}, 1),
    ("Aimé Césaire théâtre", {"tragedie"}, 1),
    ("vanerie", {"vannerie"}, 1),
    ("photographie fort-de-france", {"visages"}, 3),
    ("architecture traditionelle", {"kaz"}, 1),
    # When no work has every word, works missing one of them still come first.
    ("bèlè xylophone", {"bele-lalin", "bele-lino"}, 3),
]


@pytest.fixture(scope="module", params=["tantivy", "meilisearch"])
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SearchIndex]:
    if request.param == "meilisearch" and not os.environ.get("MEILISEARCH_URL"):
        pytest.skip(MEILI_REASON)
    path: Path = tmp_path_factory.mktemp("relevance")
    engine = asyncio.run(open_engine(request.param, path))
    asyncio.run(engine.upsert(CATALOGUE))
    yield engine
    asyncio.run(close_engine(engine))


def test_the_catalogue_and_the_cases() -> None:
    assert len(CATALOGUE) == 40
    assert len({w.id for w in CATALOGUE}) == 40
    assert len(CASES) >= 30
    known = {w.id for w in CATALOGUE}
    assert all(expected <= known for _, expected, _ in CASES)


@pytest.mark.parametrize(("text", "expected", "top"), CASES, ids=[case[0] for case in CASES])
def test_query_finds_its_works(
    seeded: SearchIndex, text: str, expected: set[str], top: int
) -> None:
    results = asyncio.run(seeded.search(SearchQuery(text=text, page_size=10)))
    first = [hit.id for hit in results.hits[:top]]
    assert expected <= set(first), f"{text!r}: top {top} = {first}"


@pytest.mark.parametrize("text", ["xylophone", "qwertyuiop", "zoik", "xylophone qwertyuiop"])
def test_unrelated_words_find_nothing(seeded: SearchIndex, text: str) -> None:
    assert asyncio.run(seeded.search(SearchQuery(text=text))).total == 0
