"""Who a receipt names besides Lakou: the buyer, and the creator behind each line.

Adapters over the accounts and catalogue contexts, wired in `module.py`; the issuer only sees
the `Parties` port (`service.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from accounts.tables import User
from infra.db.values import as_uuid
from infra.i18n.languages import SOURCE, canonical
from marketplace.catalogue.repository import CatalogueRepository


@dataclass(frozen=True)
class Buyer:
    name: str
    language: str  # the language the person reads Lakou in: their receipt's language


class AccountsAndCatalogue:
    """People from the accounts table, creators from the catalogue, one query each."""

    def __init__(self, catalogue: CatalogueRepository) -> None:
        self._catalogue = catalogue

    async def buyer(self, user_id: UUID) -> Buyer:
        row = await User.select(User.display_name, User.language).where(User.id == user_id).first()
        if row is None:  # an erased account: the receipt stays, without a name
            return Buyer(name="", language=SOURCE)
        return Buyer(name=str(row["display_name"]), language=canonical(row["language"]) or SOURCE)

    async def creators(self, work_ids: Iterable[UUID]) -> dict[UUID, str]:
        """Each work's creator profile name (works since deleted are absent)."""
        works = await self._catalogue.works_by_ids(list(dict.fromkeys(work_ids)))
        profiles = await self._catalogue.creators_by_ids({work.creator_id for work in works})
        names = {profile.id: profile.name for profile in profiles}
        return {work.id: names[work.creator_id] for work in works if work.creator_id in names}

    async def sellers(self, user_ids: Iterable[UUID]) -> dict[UUID, str]:
        """Sellers' display names, for lines that sold no catalogue work."""
        wanted = list(dict.fromkeys(user_ids))
        if not wanted:
            return {}
        rows = await User.select(User.id, User.display_name).where(User.id.is_in(wanted))
        return {as_uuid(row["id"]): str(row["display_name"]) for row in rows}
