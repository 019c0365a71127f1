"""The catalogue's JSON shapes. Unknown fields are refused, so a typo never passes silently."""

from __future__ import annotations

import base64
import dataclasses
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from infra.errors import InvalidInput
from marketplace.catalogue.creators import CreatorDetails, CreatorProfile
from marketplace.catalogue.disciplines import Discipline
from marketplace.catalogue.domain import Work, WorkDetails
from marketplace.catalogue.errors import CatalogueError, WorkError
from marketplace.catalogue.values import CreatorKind, Credit, CreditRole, Visibility, WorkStatus

# PostgreSQL text cannot hold NUL: refusing it at the edge keeps that a 400, not a 500.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, msgspec.Meta(max_length=10_000, pattern=NO_NUL)]
ShortText = Annotated[str, msgspec.Meta(max_length=300, pattern=NO_NUL)]
Localised = Annotated[dict[str, Text], msgspec.Meta(max_length=8)]
Year = Annotated[int, msgspec.Meta(ge=-10_000, le=10_000)]
Seconds = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31)]
CommuneCode = Annotated[str, msgspec.Meta(max_length=10, pattern=NO_NUL)]


class CreditIn(msgspec.Struct, forbid_unknown_fields=True):
    name: ShortText
    role: CreditRole
    isni: Annotated[str, msgspec.Meta(max_length=64)] | None = None
    ipi: Annotated[str, msgspec.Meta(max_length=64)] | None = None


class CreditOut(msgspec.Struct):
    name: str
    role: str
    isni: str | None
    ipi: str | None


class CreatorIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: CreatorKind
    name: ShortText
    bios: Localised = msgspec.field(default_factory=dict)
    commune: ShortText | None = None
    disciplines: Annotated[list[Discipline], msgspec.Meta(max_length=12)] = msgspec.field(
        default_factory=list
    )
    links: Annotated[list[Text], msgspec.Meta(max_length=20)] = msgspec.field(default_factory=list)
    commune_code: CommuneCode | None = None

    def to_details(self) -> CreatorDetails:
        return CreatorDetails(
            kind=self.kind,
            name=self.name,
            bios=self.bios,
            commune=self.commune,
            commune_code=self.commune_code,
            disciplines=self.disciplines,
            links=self.links,
        )


class CreatorPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Partial update of a profile: absent fields keep their value, `null` clears a commune.

    The commune's text and code go together: new text alone gets its code again (or none),
    a new code alone gets the commune's name as text.
    """

    kind: CreatorKind | msgspec.UnsetType = msgspec.UNSET
    name: ShortText | msgspec.UnsetType = msgspec.UNSET
    bios: Localised | msgspec.UnsetType = msgspec.UNSET
    commune: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    disciplines: Annotated[list[Discipline], msgspec.Meta(max_length=12)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    links: Annotated[list[Text], msgspec.Meta(max_length=20)] | msgspec.UnsetType = msgspec.UNSET
    commune_code: CommuneCode | msgspec.UnsetType | None = msgspec.UNSET

    def apply_to(self, current: CreatorDetails) -> CreatorDetails:
        changes = {
            name: getattr(self, name)
            for name in self.__struct_fields__
            if getattr(self, name) is not msgspec.UNSET
        }
        if not changes:
            raise InvalidInput(CatalogueError.EMPTY_UPDATE)
        if "commune" in changes and "commune_code" not in changes:
            changes["commune_code"] = None
        elif changes.get("commune_code") and "commune" not in changes:
            changes["commune"] = None
        return dataclasses.replace(current, **changes)


class CreatorOut(msgspec.Struct):
    id: UUID
    kind: str
    name: str
    bios: dict[str, str]
    commune: str | None
    disciplines: list[str]
    links: list[str]
    created_at: datetime
    updated_at: datetime
    commune_code: str | None
    commune_name: str | None

    @classmethod
    def of(cls, creator: CreatorProfile) -> CreatorOut:
        return cls(
            id=creator.id,
            kind=creator.kind.value,
            name=creator.name,
            bios=creator.bios,
            commune=creator.commune,
            commune_code=creator.commune_code,
            commune_name=creator.commune_name,
            disciplines=[d.value for d in creator.disciplines],
            links=creator.links,
            created_at=creator.created_at,
            updated_at=creator.updated_at,
        )


class WorkIn(msgspec.Struct, forbid_unknown_fields=True):
    creator_id: UUID
    titles: Localised
    discipline: Discipline
    descriptions: Localised = msgspec.field(default_factory=dict)
    languages: Annotated[
        list[Annotated[str, msgspec.Meta(max_length=20)]], msgspec.Meta(max_length=10)
    ] = msgspec.field(default_factory=list)
    year: Year | None = None
    duration_s: Seconds | None = None
    credits: Annotated[list[CreditIn], msgspec.Meta(max_length=200)] = msgspec.field(
        default_factory=list
    )
    identifiers: Annotated[
        dict[str, Annotated[str, msgspec.Meta(max_length=64)]], msgspec.Meta(max_length=8)
    ] = msgspec.field(default_factory=dict)
    visibility: Visibility = Visibility.PUBLIC

    def to_details(self) -> WorkDetails:
        return WorkDetails(
            titles=self.titles,
            discipline=self.discipline,
            descriptions=self.descriptions,
            languages=self.languages,
            year=self.year,
            duration_s=self.duration_s,
            credits=[
                Credit(name=c.name, role=c.role, isni=c.isni, ipi=c.ipi) for c in self.credits
            ],
            identifiers=self.identifiers,
            visibility=self.visibility,
        )


class WorkPatch(msgspec.Struct, forbid_unknown_fields=True):
    """Partial update: absent fields keep their value."""

    titles: Localised | msgspec.UnsetType = msgspec.UNSET
    discipline: Discipline | msgspec.UnsetType = msgspec.UNSET
    descriptions: Localised | msgspec.UnsetType = msgspec.UNSET
    languages: (
        Annotated[list[Annotated[str, msgspec.Meta(max_length=20)]], msgspec.Meta(max_length=10)]
        | msgspec.UnsetType
    ) = msgspec.UNSET
    year: Year | msgspec.UnsetType | None = msgspec.UNSET
    duration_s: Seconds | msgspec.UnsetType | None = msgspec.UNSET
    credits: Annotated[list[CreditIn], msgspec.Meta(max_length=200)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    identifiers: (
        Annotated[
            dict[str, Annotated[str, msgspec.Meta(max_length=64)]], msgspec.Meta(max_length=8)
        ]
        | msgspec.UnsetType
    ) = msgspec.UNSET
    visibility: Visibility | msgspec.UnsetType = msgspec.UNSET

    def apply_to(self, current: WorkDetails) -> WorkDetails:
        changes = {
            name: getattr(self, name)
            for name in self.__struct_fields__
            if getattr(self, name) is not msgspec.UNSET
        }
        if "credits" in changes:
            changes["credits"] = [
                Credit(name=c.name, role=c.role, isni=c.isni, ipi=c.ipi) for c in changes["credits"]
            ]
        if not changes:
            raise InvalidInput(CatalogueError.EMPTY_UPDATE)
        return dataclasses.replace(current, **changes)


class WithdrawIn(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(max_length=500, pattern=NO_NUL)] | None = None


class WorkOut(msgspec.Struct):
    id: UUID
    creator_id: UUID
    titles: dict[str, str]
    descriptions: dict[str, str]
    discipline: str
    languages: list[str]
    year: int | None
    duration_s: int | None
    credits: list[CreditOut]
    identifiers: dict[str, str]
    visibility: str
    status: str
    has_cover: bool
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None

    @classmethod
    def of(cls, work: Work) -> WorkOut:
        d = work.details
        return cls(
            id=work.id,
            creator_id=work.creator_id,
            titles=dict(d.titles),
            descriptions=dict(d.descriptions),
            discipline=d.discipline.value,
            languages=list(d.languages),
            year=d.year,
            duration_s=d.duration_s,
            credits=[CreditOut(c.name, c.role.value, c.isni, c.ipi) for c in d.credits],
            identifiers=dict(d.identifiers),
            visibility=d.visibility.value,
            status=work.status.value,
            has_cover=work.cover_key is not None,
            created_at=work.created_at,
            updated_at=work.updated_at,
            published_at=work.published_at,
        )


class WorkPage(msgspec.Struct):
    items: list[WorkOut]
    next_cursor: str | None


class CreatorPage(msgspec.Struct):
    items: list[CreatorOut]
    next_cursor: str | None


def encode_cursor(last_id: UUID) -> str:
    return base64.urlsafe_b64encode(last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> UUID | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return UUID(bytes=raw)
    except ValueError:
        raise InvalidInput(CatalogueError.INVALID_CURSOR) from None


def parse_status(raw: str | None) -> WorkStatus | None:
    if raw is None:
        return None
    try:
        return WorkStatus(raw)
    except ValueError:
        raise InvalidInput(WorkError.INVALID_STATUS, status=raw[:40]) from None
