"""The search bench's synthetic catalogue: creators and works with French, Creole and English
titles, common words often and a long tail of made-up ones, as a real catalogue's would be."""

from __future__ import annotations

import os
import random
import uuid
from datetime import UTC, datetime, timedelta

from infra.ids import new_id
from marketplace.catalogue.creators import CreatorProfile
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work, WorkDetails
from marketplace.catalogue.values import CreatorKind, Credit, CreditRole, Visibility, WorkStatus
from search.documents import SearchDocument, WorkExtras, build_document

WORKS = int(os.environ.get("LAKOU_BENCH_SEARCH_WORKS", "100000"))
CREATORS = max(1, WORKS // 50)

WORDS = [
    "musique",
    "bèlè",
    "kréyòl",
    "lune",
    "mer",
    "soleil",
    "chanson",
    "tambour",
    "danse",
    "conte",
    "nuit",
    "jardin",
    "vie",
    "amour",
    "île",
    "vent",
    "pluie",
    "rivière",
    "montagne",
    "femme",
    "homme",
    "enfant",
    "fête",
    "carnaval",
    "zouk",
    "biguine",
    "mazurka",
    "film",
    "documentaire",
    "roman",
    "poème",
    "photographie",
    "sculpture",
    "peinture",
    "jeu",
    "vidéo",
    "animation",
    "théâtre",
    "spectacle",
    "patrimoine",
    "artisanat",
    "design",
    "mode",
    "numérique",
    "lanmou",
    "lavi",
    "lalin",
    "lanmè",
    "zanmi",
    "fanmi",
    "tanbou",
    "kont",
    "chanté",
    "mizik",
    "lakou",
    "matinik",
    "mangrove",
    "volcan",
    "cyclone",
    "yole",
    "madras",
    "canne",
    "sucre",
    "pêcheur",
    "marché",
    "rhum",
    "savane",
    "morne",
    "anse",
    "case",
    "jazz",
    "slam",
    "dancehall",
    "reggae",
    "gwoka",
    "danmyé",
    "ladja",
    "chouval",
    "bwa",
    "ti-bwa",
    "quadrille",
    "haute-taille",
    "Noël",
    "Pâques",
    "mémoire",
    "histoire",
    "esclavage",
    "liberté",
    "Césaire",
    "Fanon",
    "Glissant",
    "négritude",
    "créolité",
    "sea",
    "moon",
    "night",
    "love",
    "island",
    "song",
    "drum",
    "dance",
    "story",
    "river",
    "mountain",
    "market",
    "sugar",
    "cane",
    "fishermen",
    "storm",
]
COMMUNES = (
    "Fort-de-France",
    "Le Lamentin",
    "Le Robert",
    "Schœlcher",
    "Sainte-Marie",
    "Le François",
    "Saint-Pierre",
    "Le Marigot",
    "Le Diamant",
    "Trinité",
    "Le Vauclin",
    "Sainte-Anne",
)
FIRST = ("Léna", "Marius", "Josiane", "Eugène", "Édith", "Ralph", "Tony", "Jocelyne", "Kali")
LAST = ("Tanbouyé", "Lafleur", "Moutoussamy", "Sainte-Rose", "Lafontaine", "Cultier", "Jos")


def _syllable_words(rng: random.Random, count: int) -> list[str]:
    """Made-up words, so the term dictionary is as large as a real catalogue's."""
    syllables = ("ka", "lé", "mo", "ti", "zan", "bou", "ri", "wa", "nè", "sa", "po", "dji", "ya")
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def synthetic_catalogue(
    rng: random.Random,
) -> tuple[list[CreatorProfile], list[Work], list[SearchDocument]]:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    rare = _syllable_words(rng, 3000)

    def word() -> str:
        # Common words often, a long tail of rare ones: like real titles and descriptions.
        return rng.choice(WORDS) if rng.random() < 0.7 else rng.choice(rare)

    creators = [
        CreatorProfile(
            id=new_id(),
            owner_id=uuid.uuid4(),
            kind=CreatorKind.PERSON,
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
            bios={},
            commune=rng.choice(COMMUNES),
            disciplines=[],
            links=[],
            created_at=now,
            updated_at=now,
        )
        for n in range(CREATORS)
    ]
    disciplines = list(Discipline)
    works, documents = [], []
    for n in range(WORKS):
        creator = creators[n % len(creators)]
        title = " ".join(word() for _ in range(rng.randint(2, 4)))
        titles = {"fr": title.capitalize()}
        if rng.random() < 0.4:
            titles["gcf-MQ"] = " ".join(word() for _ in range(2))
        if rng.random() < 0.2:
            titles["en"] = " ".join(word() for _ in range(3))
        published = now - timedelta(minutes=n)
        work = Work(
            id=new_id(),
            creator_id=creator.id,
            owner_id=creator.owner_id,
            details=WorkDetails(
                titles=titles,
                discipline=rng.choice(disciplines),
                descriptions={"fr": " ".join(word() for _ in range(20))},
                languages=rng.sample(["fr", "gcf-MQ", "en", "es"], rng.randint(1, 2)),
                year=rng.randint(1950, 2025),
                duration_s=rng.randint(30, 9000),
                credits=[Credit(f"{rng.choice(FIRST)} {rng.choice(LAST)}", CreditRole.PERFORMER)],
                visibility=Visibility.PUBLIC,
            ),
            status=WorkStatus.PUBLISHED,
            created_at=published,
            updated_at=published,
            published_at=published,
        )
        extras = WorkExtras(
            has_preview=rng.random() < 0.7, streamable=rng.random() < 0.6, free=rng.random() < 0.1
        )
        document = build_document(work, creator, extras)
        assert document is not None
        works.append(work)
        documents.append(document)
    return creators, works, documents
