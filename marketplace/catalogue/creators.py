"""Creator profiles: the person or structure behind works, and the details they describe
themselves with (validated as a whole, the commune matched to Martinique's registry).

Pure Python: no ORM, no web framework. A profile records its events for the outbox.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from accounts.territory import by_code as commune_by_code
from accounts.territory import find as find_commune
from infra.errors import InvalidInput
from infra.events.model import EventRecorder
from infra.ids import new_id
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.errors import CreatorError
from marketplace.catalogue.events import CREATOR_CREATED, CREATOR_UPDATED, CreatorEvent
from marketplace.catalogue.field_checks import links, localised
from marketplace.catalogue.values import MAX_BIO, MAX_COMMUNE, MAX_NAME, CreatorKind


@dataclass
class CreatorProfile(EventRecorder):
    id: UUID
    owner_id: UUID
    kind: CreatorKind
    name: str
    bios: dict[str, str]
    commune: str | None
    disciplines: list[Discipline]
    links: list[str]
    created_at: datetime
    updated_at: datetime
    commune_code: str | None = None

    @property
    def commune_name(self) -> str | None:
        """The registry's name of the commune (a proper name, never translated)."""
        found = commune_by_code(self.commune_code) if self.commune_code else None
        return found.name if found else None

    @classmethod
    def create(cls, owner_id: UUID, details: CreatorDetails, now: datetime) -> CreatorProfile:
        valid = details.validated()
        profile = cls(
            id=new_id(),
            owner_id=owner_id,
            kind=valid.kind,
            name=valid.name,
            bios=dict(valid.bios),
            commune=valid.commune,
            commune_code=valid.commune_code,
            disciplines=list(valid.disciplines),
            links=list(valid.links),
            created_at=now,
            updated_at=now,
        )
        profile.record(
            CREATOR_CREATED.event(
                profile.id, CreatorEvent(creator_id=profile.id, owner_id=owner_id)
            )
        )
        return profile

    @property
    def details(self) -> CreatorDetails:
        return CreatorDetails(
            kind=self.kind,
            name=self.name,
            bios=dict(self.bios),
            commune=self.commune,
            commune_code=self.commune_code,
            disciplines=list(self.disciplines),
            links=list(self.links),
        )

    def update(self, details: CreatorDetails, now: datetime) -> None:
        valid = details.validated()
        self.kind = valid.kind
        self.name = valid.name
        self.bios = dict(valid.bios)
        self.commune = valid.commune
        self.commune_code = valid.commune_code
        self.disciplines = list(valid.disciplines)
        self.links = list(valid.links)
        self.updated_at = now
        self.record(
            CREATOR_UPDATED.event(self.id, CreatorEvent(creator_id=self.id, owner_id=self.owner_id))
        )


@dataclass(frozen=True)
class CreatorDetails:
    kind: CreatorKind
    name: str
    bios: Mapping[str, str] = field(default_factory=dict)
    commune: str | None = None
    disciplines: Sequence[Discipline] = ()
    links: Sequence[str] = ()
    # INSEE code of a Martinican commune (accounts.territory); `commune` stays free text.
    commune_code: str | None = None

    def validated(self) -> CreatorDetails:
        name = self.name.strip()
        if not 1 <= len(name) <= MAX_NAME:
            raise InvalidInput(CreatorError.INVALID_NAME)
        commune = (self.commune or "").strip() or None
        if commune is not None and len(commune) > MAX_COMMUNE:
            raise InvalidInput(CreatorError.INVALID_COMMUNE, max=MAX_COMMUNE)
        code = (self.commune_code or "").strip() or None
        if code is not None:
            known = commune_by_code(code)
            if known is None:
                raise InvalidInput(CreatorError.UNKNOWN_COMMUNE_CODE, code=code[:10])
            # A code without text: the text is the commune's name, for clients that read it.
            commune = commune or known.name
        else:
            # Only text: its code when it names a commune; otherwise it stays text alone.
            matched = find_commune(commune)
            code = matched.code if matched else None
        return replace(
            self,
            name=name,
            bios=localised(self.bios, field_name="bios", max_length=MAX_BIO),
            commune=commune,
            commune_code=code,
            disciplines=list(dict.fromkeys(self.disciplines)),
            links=links(self.links),
        )
