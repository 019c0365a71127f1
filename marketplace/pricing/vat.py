"""VAT rules as data: the buyer's territory and the kind of work give a rate.

The rule table is a JSON file (vat_rates.json beside this module, or LAKOU_VAT_TABLE), so a
change of rate is a data change with its sources, not a code change. Digital sales to consumers
are taxed where the buyer is: French territories have their own rates; other EU consumers pay
French VAT while Lakou stays under the EU-wide 10,000 EUR threshold (`eu_rule`); buyers
outside the EU pay none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from infra.errors import InvalidInput
from marketplace.pricing.errors import PricingError

DEFAULT_TABLE = Path(__file__).with_name("vat_rates.json")


class VatCategory(StrEnum):
    STANDARD = "standard"
    REDUCED = "reduced"  # e-books


@dataclass(frozen=True)
class VatTable:
    version: str
    territories: dict[str, dict[VatCategory, int]]
    eu_member_states: frozenset[str]
    eu_rule: str
    outside_eu: dict[VatCategory, int]

    @classmethod
    def load(cls, path: Path | None = None) -> VatTable:
        data: dict[str, Any] = json.loads((path or DEFAULT_TABLE).read_text(encoding="utf-8"))
        table = cls(
            version=str(data["version"]),
            territories={
                code.upper(): _rates(rates) for code, rates in data["territories"].items()
            },
            eu_member_states=frozenset(code.upper() for code in data["eu_member_states"]),
            eu_rule=str(data["eu_rule"]).upper(),
            outside_eu=_rates(data["outside_eu"]),
        )
        if table.eu_rule not in table.territories:
            raise ValueError(f"VAT table: eu_rule {table.eu_rule!r} is not a listed territory")
        return table

    def rate_bp(self, country: str, category: VatCategory) -> int:
        code = normalise_country(country)
        if code in self.territories:
            return self.territories[code][category]
        if code in self.eu_member_states:
            return self.territories[self.eu_rule][category]
        return self.outside_eu[category]


def _rates(raw: dict[str, Any]) -> dict[VatCategory, int]:
    rates = {category: int(raw[category.value]) for category in VatCategory}
    if any(not 0 <= rate <= 10_000 for rate in rates.values()):
        raise ValueError("VAT table: rates are basis points between 0 and 10000")
    return rates


def normalise_country(country: str) -> str:
    code = country.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InvalidInput(PricingError.INVALID_COUNTRY)
    return code
