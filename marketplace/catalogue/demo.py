"""A small demo catalogue for the embedded default: French titles, Creole where creators gave it.

Created through the same service as the API, so its events reach the outbox and the activity log.
"""

from __future__ import annotations

from accounts.domain import Principal, Role
from accounts.service import IdentityService
from accounts.tables import User
from marketplace.catalogue.creators import CreatorDetails
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work, WorkDetails
from marketplace.catalogue.service import CatalogueService
from marketplace.catalogue.values import CreatorKind, Credit, CreditRole

DEMO_PASSWORD = "lakou-demo-2026"  # noqa: S105 - local demo accounts only; `seed-demo` refuses production

_CREATORS = [
    (
        "tanbou@demo.lakou.mq",
        CreatorDetails(
            kind=CreatorKind.PERSON,
            name="Léna Tanbouyé",
            bios={
                "fr": "Chanteuse et tambourinaire du bèlè, installée au Marigot.",
                "gcf-MQ": "Chantè épi tanbouyè bèlè, i ka rété Marigot.",
            },
            commune="Le Marigot",
            disciplines=[Discipline.MUSIC, Discipline.HERITAGE],
        ),
        [
            WorkDetails(
                titles={"fr": "Bèlè de la Lune", "gcf-MQ": "Bèlè lalin"},
                discipline=Discipline.MUSIC,
                descriptions={
                    "fr": "Un bèlè linò enregistré à la veillée, voix et tambour.",
                    "gcf-MQ": "On bèlè linò nou anrèjistré an lavéyé, vwa épi tanbou.",
                },
                languages=["gcf-MQ", "fr"],
                year=2025,
                duration_s=214,
                credits=[
                    Credit("Léna Tanbouyé", CreditRole.PERFORMER),
                    Credit("Léna Tanbouyé", CreditRole.COMPOSER),
                ],
                identifiers={"isrc": "FR-Z03-25-00001"},
            ),
            WorkDetails(
                titles={"fr": "Kréyòl an tanbou", "gcf-MQ": "Kréyòl an tanbou"},
                discipline=Discipline.MUSIC,
                languages=["gcf-MQ"],
                year=2024,
                duration_s=188,
                credits=[Credit("Léna Tanbouyé", CreditRole.PERFORMER)],
            ),
        ],
    ),
    (
        "studio@demo.lakou.mq",
        CreatorDetails(
            kind=CreatorKind.STRUCTURE,
            name="Studio Mangrove",
            bios={
                "fr": "Studio d'animation de Fort-de-France.",
                "en": "Animation studio in Fort-de-France.",
            },
            commune="Fort-de-France",
            disciplines=[Discipline.ANIMATION, Discipline.FILM],
            links=["https://example.org/studio-mangrove"],
        ),
        [
            WorkDetails(
                titles={"fr": "Les contes de Compère Lapin", "gcf-MQ": "Kont Konpè Lapen"},
                discipline=Discipline.ANIMATION,
                descriptions={"fr": "Court métrage d'animation d'après les contes créoles."},
                languages=["fr", "gcf-MQ"],
                year=2023,
                duration_s=720,
                credits=[Credit("Marie-Josée Alcindor", CreditRole.DIRECTOR)],
            ),
        ],
    ),
    (
        "atelier@demo.lakou.mq",
        CreatorDetails(
            kind=CreatorKind.PERSON,
            name="Atelier Vannerie Morne-Rouge",
            bios={"fr": "Vannerie traditionnelle en cachibou et aroman."},
            commune="Le Morne-Rouge",
            disciplines=[Discipline.CRAFTS],
        ),
        [
            WorkDetails(
                titles={"fr": "Paniers caraïbes, savoir-faire du Nord"},
                discipline=Discipline.CRAFTS,
                descriptions={"fr": "Une série photographique et un carnet de gestes de vannerie."},
                languages=["fr"],
                year=2022,
            ),
        ],
    ),
]


async def seed_demo(
    identity: IdentityService, catalogue: CatalogueService
) -> list[tuple[Principal, Work]]:
    """Create the demo catalogue once; return the works created (none if already present)."""
    created: list[tuple[Principal, Work]] = []
    for email, creator_details, works in _CREATORS:
        if await User.exists().where(User.email == email):
            continue
        user_id = await identity.create_user(
            email, DEMO_PASSWORD, creator_details.name, Role.CREATOR
        )
        who = Principal(
            user_id=user_id, email=email, display_name=creator_details.name, role=Role.CREATOR
        )
        creator = await catalogue.create_creator(who, creator_details)
        for details in works:
            work = await catalogue.create_work(who, creator.id, details)
            created.append((who, await catalogue.publish_work(who, work.id)))
    return created
