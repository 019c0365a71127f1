"""A market's calls for entries: opened by its managers from the market's administration,
shown on the market's public page while they take entries.

The calls module does the rest (its pages for entering, reviewing and deciding); a call for
entries is a call of the scope ("market", <market id>), with a question asking for a work of
the applicant's catalogue in the market's sections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from accounts.domain import Principal
from calls.domain import Call, OwnerScope
from calls.ports import ApplicantWorks
from calls.schemas import CallIn, parse_settings
from calls.service import CallService
from marketplace.markets.page_helpers import MARTINIQUE
from marketplace.markets.service import MANAGERS, MarketService
from marketplace.markets.team_scopes import SCOPE_KIND

MAX_ENTRIES_PER_PERSON = 3
# The form every call for entries starts with; its managers may shape it further via the API.
ENTRY_FORM = [
    {
        "key": "work",
        "kind": "work",
        "labels": {
            "fr": "L'œuvre présentée",
            "en": "The work entered",
            "es": "La obra presentada",
            "gcf-MQ": "Zèv-la",
        },
        "required": True,
    },
    {
        "key": "pitch",
        "kind": "long_text",
        "labels": {
            "fr": "Présentation",
            "en": "Pitch",
            "es": "Presentación",
            "gcf-MQ": "Prézantasion",
        },
        "max_length": 2000,
    },
]
ENTRY_GRID = [{"key": "quality", "labels": {"fr": "Qualité"}, "weight": 1, "scale": 10}]


@dataclass(frozen=True)
class NewEntriesCall:
    title_fr: str
    title_gcf: str
    description_fr: str
    deadline: datetime  # aware


def scope_of(market_id: UUID) -> OwnerScope:
    return OwnerScope(SCOPE_KIND, str(market_id))


class MarketCalls:
    def __init__(self, markets: MarketService, calls: CallService) -> None:
        self._markets = markets
        self._calls = calls

    async def open_calls(self, market_id: UUID) -> list[Call]:
        """The market's calls taking entries now (for its public page)."""
        return await self._calls.open_calls(scope_of(market_id))

    async def of_market(self, who: Principal, market_id: UUID) -> list[Call]:
        await self._markets.managed(who, market_id, MANAGERS)
        return await self._calls.managed_calls(who, scope_of(market_id))

    async def open(self, who: Principal, market_id: UUID, new: NewEntriesCall) -> Call:
        """A call for entries in the market's sections, open from now to the deadline."""
        market = await self._markets.managed(who, market_id, MANAGERS)
        known = self._calls.services.get(ApplicantWorks).disciplines()  # type: ignore[type-abstract]
        settings = parse_settings(
            CallIn(
                titles={"fr": new.title_fr, "gcf-MQ": new.title_gcf},
                descriptions={"fr": new.description_fr},
                opens_at=self._calls.now(),
                closes_at=new.deadline,
                time_zone=MARTINIQUE,
                eligibility={
                    "disciplines": [str(s) for s in market.details.sections],
                    "max_submissions": MAX_ENTRIES_PER_PERSON,
                },
                form=ENTRY_FORM,
                grid=ENTRY_GRID,
            ),
            known,
        )
        call = await self._calls.create(who, scope_of(market.id), settings)
        return await self._calls.open(who, call.id)
