"""A buyer's VAT number: its format and checksum always (python-stdnum knows each member
state's format and check digits, the French key among them), and the Commission's VIES answer
when VIES can be reached; its absence is recorded when it cannot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError


class ViesAnswer(StrEnum):
    VALID = "valid"
    INVALID = "invalid"
    UNREACHABLE = "unreachable"  # recorded as such: the format and checksum decided alone
    NOT_ASKED = "not_asked"  # no number, or a number whose format is already wrong


@dataclass(frozen=True)
class ViesReply:
    answer: ViesAnswer
    name: str = ""


class Vies(Protocol):
    async def check(self, country: str, number: str) -> ViesReply: ...


@dataclass(frozen=True)
class VatNumberCheck:
    number: str  # compact, with its country prefix ("FR40303265045"); "" when none was given
    well_formed: bool
    vies: ViesAnswer
    vies_name: str
    checked_at: datetime

    @property
    def valid(self) -> bool:
        """Valid for the reverse charge: well formed, and VIES did not say otherwise."""
        return self.well_formed and self.vies is not ViesAnswer.INVALID


def well_formed(number: str) -> str | None:
    """The number compacted when its format and checksum hold, else None."""
    try:
        return str(eu_vat.validate(number))
    except ValidationError:
        return None


async def check_vat_number(number: str, vies: Vies, now: datetime) -> VatNumberCheck:
    compact = well_formed(number) if number.strip() else None
    if compact is None:
        cleaned = number.strip().upper().replace(" ", "")
        return VatNumberCheck(cleaned, False, ViesAnswer.NOT_ASKED, "", now)
    # Greece's prefix is EL in VIES (stdnum accepts both).
    country, rest = compact[:2], compact[2:]
    reply = await vies.check("EL" if country == "GR" else country, rest)
    return VatNumberCheck(compact, True, reply.answer, reply.name, now)
