"""VAT on a licence fee, by a rule table with its sources. Pure Python.

A licence of rights is a service supplied between businesses (the partner is a verified
organisation). The rule depends on the seller's status and where it is established, where the
buyer is established and whether its VAT number is valid. Each rule names the mention the
invoice prints and the texts it rests on. A tax adviser confirms the table before production
(docs/decisions.md, "Seller of record").

Sources:
- CGI art. 293 B: the franchise in base (no VAT, mention "TVA non applicable, art. 293 B du
  CGI").
- CGI art. 259-1 and Directive 2006/112/EC art. 44: business-to-business services are supplied
  where the buyer is established.
- CGI art. 294-1 and 296: Martinique, Guadeloupe and Réunion apply French VAT at 8.5 %
  (standard); Guyane and Mayotte apply none for now.
- BOFiP BOI-TVA-GEO-20-40: services between mainland France and the overseas departments are
  taxed at the buyer's, the buyer accounting for the tax itself (CGI art. 283-2), not the EU
  reverse charge (the overseas departments are outside the EU VAT territory, directive art. 6).
- Directive 2006/112/EC art. 196 and 226 (11a): reverse charge for an EU business buyer with a
  valid VAT number, mention "Autoliquidation".
- CGI art. 259-1 again for buyers outside the EU: the service is supplied outside France, no
  French VAT.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DOM_WITH_VAT = frozenset({"MQ", "GP", "RE"})
DOM_WITHOUT_VAT = frozenset({"GF", "YT"})
MAINLAND = frozenset({"FR", "MC"})  # Monaco is in the French VAT territory (CGI art. 256-0)
EU_OTHER = frozenset(
    {
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "GR", "HR", "HU", "IE",
        "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    }
)  # fmt: skip


class Zone(StrEnum):
    DOM_WITH_VAT = "dom_with_vat"
    DOM_WITHOUT_VAT = "dom_without_vat"
    MAINLAND = "mainland"
    EU = "eu"
    OUTSIDE_EU = "outside_eu"


def zone_of(country: str) -> Zone:
    code = country.upper()
    if code in DOM_WITH_VAT:
        return Zone.DOM_WITH_VAT
    if code in DOM_WITHOUT_VAT:
        return Zone.DOM_WITHOUT_VAT
    if code in MAINLAND:
        return Zone.MAINLAND
    if code in EU_OTHER:
        return Zone.EU
    return Zone.OUTSIDE_EU


class SellerStatus(StrEnum):
    REGISTERED = "registered"  # charges VAT
    FRANCHISE = "franchise"  # franchise in base, CGI art. 293 B


class Category(StrEnum):
    """The EN 16931 VAT category codes (UNTDID 5305) a Factur-X invoice carries."""

    STANDARD = "S"
    REVERSE_CHARGE = "AE"
    EXPORT = "G"  # "free export item, tax not charged"
    NOT_SUBJECT = "O"  # "services outside scope of tax" (franchise, Guyane and Mayotte)


@dataclass(frozen=True)
class VatRule:
    code: str
    rate_bp: int  # charged on the invoice (0 when the buyer accounts for it, or none is due)
    category: Category
    mention: str  # printed on the invoice, in French as the law writes it
    source: str


RULES: dict[str, VatRule] = {
    rule.code: rule
    for rule in (
        VatRule(
            "franchise_293b",
            0,
            Category.NOT_SUBJECT,
            "TVA non applicable, art. 293 B du CGI",
            "CGI art. 293 B",
        ),
        VatRule(
            "dom_standard",
            850,
            Category.STANDARD,
            "TVA au taux des départements d'outre-mer, art. 296 du CGI",
            "CGI art. 259-1 et 296 ; BOI-TVA-GEO-20-40",
        ),
        VatRule(
            "dom_without_vat",
            0,
            Category.NOT_SUBJECT,
            "TVA non applicable, art. 294-1 du CGI (Guyane, Mayotte)",
            "CGI art. 294-1 ; BOI-TVA-GEO-20-40",
        ),
        VatRule(
            "mainland_standard",
            2000,
            Category.STANDARD,
            "TVA au taux normal, art. 278 du CGI",
            "CGI art. 259-1 et 278",
        ),
        VatRule(
            "france_buyer_accounts",
            0,
            Category.REVERSE_CHARGE,
            "Autoliquidation par le preneur, art. 283-2 du CGI",
            "BOI-TVA-GEO-20-40 ; CGI art. 259-1 et 283-2",
        ),
        VatRule(
            "eu_reverse_charge",
            0,
            Category.REVERSE_CHARGE,
            "Autoliquidation, art. 196 de la directive 2006/112/CE",
            "Directive 2006/112/CE art. 44, 196 et 226 ; CGI art. 259-1 et 283-2",
        ),
        VatRule(
            "outside_eu",
            0,
            Category.EXPORT,
            "TVA non applicable, art. 259-1 du CGI (preneur établi hors de l'Union)",
            "CGI art. 259-1 ; directive 2006/112/CE art. 44",
        ),
    )
}


@dataclass(frozen=True)
class Seller:
    status: SellerStatus
    country: str  # where it is established (MQ for Lakou)


@dataclass(frozen=True)
class Buyer:
    country: str
    vat_number_valid: bool  # format and checksum, and VIES when it answered


def rule_for(seller: Seller, buyer: Buyer) -> VatRule:
    """The rule that applies to a licence fee from `seller` to the business `buyer`."""
    if seller.status is SellerStatus.FRANCHISE:
        return RULES["franchise_293b"]
    seller_zone, buyer_zone = zone_of(seller.country), zone_of(buyer.country)
    if buyer_zone is Zone.OUTSIDE_EU:
        return RULES["outside_eu"]
    if buyer_zone is Zone.EU:
        # Without a valid number the buyer is not shown to be a business: taxed at the seller's.
        return RULES["eu_reverse_charge"] if buyer.vat_number_valid else _at_sellers(seller_zone)
    if buyer_zone is Zone.DOM_WITHOUT_VAT:
        return RULES["dom_without_vat"]
    if (buyer_zone is Zone.MAINLAND) is (seller_zone is Zone.MAINLAND):
        return _at_sellers(seller_zone)  # both in mainland France, or both overseas
    # Between mainland France and an overseas department: the buyer accounts for the VAT.
    return RULES["france_buyer_accounts"]


def _at_sellers(seller_zone: Zone) -> VatRule:
    if seller_zone is Zone.MAINLAND:
        return RULES["mainland_standard"]
    if seller_zone is Zone.DOM_WITHOUT_VAT:
        return RULES["dom_without_vat"]
    return RULES["dom_standard"]


@dataclass(frozen=True)
class Amounts:
    net_cents: int
    vat_cents: int
    gross_cents: int


def split_price(price_cents: int, rule: VatRule) -> Amounts:
    """The offer's price is what the partner pays; the invoice shows its net and VAT parts
    (the VAT rounded to the cent, the net taking the rest, so the parts add up exactly)."""
    net = round(price_cents * 10_000 / (10_000 + rule.rate_bp))
    return Amounts(net, price_cents - net, price_cents)
