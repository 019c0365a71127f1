"""Ready-made sync licences for music: fixed prices by tier, bought in one step. Pure Python.

A tier fixes the use (personal web video, business web, advertising, broadcast, film
festival), the medium it is recorded under, the territory, the term and the price; the work's
rights holder may change a tier's price and its master/publishing terms, or stop offering it.
A sync licence is never exclusive: it blocks no other licence, and nothing blocks it but the
tier not being offered. The fee is shared between the recording (master) and the composition
(publishing) sides by the tier's terms, then within each side by the split sheet's shares.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from marketplace.licensing.media import Medium

MIN_PRICE_CENTS = 100  # 1 €
MAX_PRICE_CENTS = 1_000_000_00  # 1 M€ (a broadcast campaign; bigger deals are negotiated)
BASIS_POINTS = 10_000
MAX_USE = 500


class SyncTier(StrEnum):
    PERSONAL_WEB = "personal_web"
    BUSINESS_WEB = "business_web"
    ADVERTISING = "advertising"
    BROADCAST = "broadcast"
    FILM_FESTIVAL = "film_festival"


@dataclass(frozen=True)
class TierTerms:
    tier: SyncTier
    price_cents: int
    master_bp: int  # the recording side's share of the fee; the composition side has the rest
    offered: bool = True

    @property
    def publishing_bp(self) -> int:
        return BASIS_POINTS - self.master_bp


@dataclass(frozen=True)
class TierScope:
    """What a tier's licence covers, the same for every work."""

    medium: Medium
    territory: str  # a territory expression (territories.json)
    term_months: int | None  # None: for as long as the production is shown


SCOPES = {
    SyncTier.PERSONAL_WEB: TierScope(Medium.SYNC_WEB, "world", None),
    SyncTier.BUSINESS_WEB: TierScope(Medium.SYNC_WEB, "world", 24),
    SyncTier.ADVERTISING: TierScope(Medium.SYNC_ADVERTISING, "world", 12),
    SyncTier.BROADCAST: TierScope(Medium.SYNC_FILM, "world", 36),
    SyncTier.FILM_FESTIVAL: TierScope(Medium.SYNC_FILM, "world", 24),
}

# The prices a music work offers until its rights holder sets its own (Musicbed's and Pond5's
# public tiers, rounded, for an independent catalogue), shared half and half between sides.
DEFAULTS = {
    tier: TierTerms(tier, price, BASIS_POINTS // 2)
    for tier, price in (
        (SyncTier.PERSONAL_WEB, 49_00),
        (SyncTier.BUSINESS_WEB, 199_00),
        (SyncTier.ADVERTISING, 1_500_00),
        (SyncTier.BROADCAST, 2_500_00),
        (SyncTier.FILM_FESTIVAL, 300_00),
    )
}


class TierRefusal(StrEnum):
    UNKNOWN_TIER = "unknown_tier"
    INVALID_PRICE = "invalid_price"
    INVALID_SIDES = "invalid_sides"
    NOT_OFFERED = "tier_not_offered"
    INVALID_USE = "invalid_use"


class TierError(ValueError):
    def __init__(self, refusal: TierRefusal, value: str = "") -> None:
        super().__init__(refusal.value)
        self.refusal = refusal
        self.value = value


def tier(raw: str) -> SyncTier:
    try:
        return SyncTier(raw)
    except ValueError:
        raise TierError(TierRefusal.UNKNOWN_TIER, raw[:40]) from None


def terms(raw_tier: str, price_cents: int, master_bp: int, offered: bool) -> TierTerms:
    """A tier as its rights holder sets it, checked."""
    if not MIN_PRICE_CENTS <= price_cents <= MAX_PRICE_CENTS:
        raise TierError(TierRefusal.INVALID_PRICE, str(price_cents))
    if not 0 <= master_bp <= BASIS_POINTS:
        raise TierError(TierRefusal.INVALID_SIDES, str(master_bp))
    return TierTerms(tier(raw_tier), price_cents, master_bp, offered)


def menu(saved: dict[SyncTier, TierTerms]) -> list[TierTerms]:
    """Every tier in order: the saved ones as saved, the others at their defaults."""
    return [saved.get(each, DEFAULTS[each]) for each in SyncTier]


def offered(saved: dict[SyncTier, TierTerms], wanted: SyncTier) -> TierTerms:
    found = saved.get(wanted, DEFAULTS[wanted])
    if not found.offered:
        raise TierError(TierRefusal.NOT_OFFERED, wanted.value)
    return found


def use_text(raw: str) -> str:
    """The production the music goes into (a title, a campaign): what the certificate names."""
    text = " ".join(raw.split())
    if not 2 <= len(text) <= MAX_USE:
        raise TierError(TierRefusal.INVALID_USE, str(MAX_USE))
    return text


@dataclass(frozen=True)
class Billing:
    """Whom a sync licence is invoiced to (the buyer's verified organisation) and the VAT rule
    its invoice applies, fixed when it is bought (the checkout charges exactly that VAT)."""

    country: str
    address: tuple[str, ...]
    vat_number: str  # well formed, or "" (no reverse charge without one)
    vies: str  # the VIES answer recorded (valid, invalid, unreachable, not_asked)
    vies_name: str
    vat_rule: str  # a code of the licence invoices' rule table


class LicenceState(StrEnum):
    PENDING = "pending"  # bought, not paid yet: the cart holds it
    PAID = "paid"  # granted: the certificate may be downloaded
    REFUNDED = "refunded"  # taken back by a full refund


@dataclass(frozen=True)
class SyncLicence:
    """A ready-made sync licence, its terms copied from the tier when it was bought."""

    id: UUID
    work_id: UUID
    work_title: str
    terms: TierTerms
    scope: TierScope
    use: str
    licensee: str  # the partner organisation's name
    partner_org_id: UUID
    buyer_id: UUID
    seller_id: UUID  # the work's owner, the seller of record
    state: LicenceState
    created_at: datetime
    order_id: UUID | None = None
    starts_on: date | None = None  # set when paid
    number: str = ""  # the certificate's number, set when paid
    billing: Billing | None = None  # None: bought before invoices, sold at the consumer rate

    @property
    def ends_on(self) -> date | None:
        if self.starts_on is None or self.scope.term_months is None:
            return None
        return add_months(self.starts_on, self.scope.term_months) - timedelta(days=1)

    def paid(self, order_id: UUID, on: date) -> SyncLicence:
        if self.state is not LicenceState.PENDING:
            return self  # paid twice, or refunded meanwhile: nothing more happens
        return replace(
            self, state=LicenceState.PAID, order_id=order_id, starts_on=on, number=number(self, on)
        )


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def number(licence: SyncLicence, on: date) -> str:
    """The certificate's number: the year and the licence's own id (unique, and
    nothing to guess from it); a certificate is no invoice, so no gap-free series."""
    return f"LKS-{on.year}-{licence.id.hex[:12].upper()}"
