"""The load run's catalogue and accounts: the demo catalogue (works with generated media) from
`lakou seed-demo`, more works on sale through the same services, and the simulated buyers.
Then the catalogue as the public API shows it, for the simulated users to pick from."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx

from accounts.domain import Principal, Role
from infra.settings import Settings
from lakou.bootstrap import build_container
from marketplace.catalogue.creators import CreatorDetails
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import WorkDetails
from marketplace.catalogue.values import CreatorKind
from marketplace.offers.domain import Pricing, Terms

PASSWORD = "load-bench-password"  # noqa: S105 - accounts of a throw-away bench database
# Words the simulated users search for; the seeded titles are made from them.
WORDS = ("bèlè", "lalin", "kréyòl", "tanbou", "lanmè", "mizik", "kont", "dansé", "zouk", "lawonn")
DISCIPLINES = (Discipline.MUSIC, Discipline.HERITAGE, Discipline.BOOKS, Discipline.VISUAL_ARTS)


async def seed_accounts(settings: Settings, buyers: int, works: int) -> list[str]:
    """`works` more published works at fixed prices, and `buyers` audience accounts: their
    e-mails (password `PASSWORD`)."""
    container = build_container(settings, None)
    for index in range(max(1, works // 10)):
        email = f"seller{index}@load.lakou.test"
        user_id = await container.identity.create_user(
            email, PASSWORD, f"Vendeur {index}", Role.CREATOR
        )
        who = Principal(user_id, email, f"Vendeur {index}", Role.CREATOR)
        creator = await container.catalogue.create_creator(
            who, CreatorDetails(kind=CreatorKind.PERSON, name=f"Atelier {index}")
        )
        for number in range(10):
            title = f"{WORDS[number]} {WORDS[(number + index) % len(WORDS)]} {index}"
            details = WorkDetails(
                titles={"fr": title}, discipline=DISCIPLINES[number % len(DISCIPLINES)]
            )
            work = await container.catalogue.create_work(who, creator.id, details)
            await container.catalogue.publish_work(who, work.id)
            price = 300 + 50 * ((index + number) % 20)
            await container.offers.set_work_offer(who, work.id, Terms(Pricing.FIXED, price))
    emails = [f"buyer{index}@load.lakou.test" for index in range(buyers)]
    for index, email in enumerate(emails):
        await container.identity.create_user(email, PASSWORD, f"Auditeur {index}", Role.AUDIENCE)
    return emails


def _get(url: str) -> Any:
    answer = httpx.get(url, timeout=30)
    answer.raise_for_status()
    return answer.json()


def public_catalogue(base_url: str) -> list[dict[str, Any]]:
    """Every published work with its fixed-price offer (if any) and whether it plays."""
    works: list[dict[str, Any]] = []
    cursor = ""
    while True:
        page = _get(f"{base_url}/api/works?limit=100{cursor}")
        for work in page["items"]:
            offers = _get(f"{base_url}/api/works/{work['id']}/offers")
            fixed = [o for o in offers if o["kind"] == "work" and o["pricing"] == "fixed"]
            playback = _get(f"{base_url}/api/works/{work['id']}/playback")
            works.append(
                {
                    "work_id": str(UUID(work["id"])),
                    "creator_id": work["creator_id"],
                    "title": next(iter(work["titles"].values()), ""),
                    "offer_id": fixed[0]["id"] if fixed else None,
                    "plays": bool(playback["preview"]),
                }
            )
        if not page["next_cursor"]:
            return works
        cursor = f"&cursor={page['next_cursor']}"
