"""The one fold: events in, facts with their support out, whatever order they arrive in.

A fact is one thing the indicators count ("work W was diffused through the store in country C
on day D", "member M acted on day D"). Its support is the number of events (or orders) that
make it true; the aggregates count facts whose support is above zero. Supports are sums, so
adding events in any order gives the same totals, and events are keyed by id, so a second
delivery adds nothing (the live consumer's `handle_once` mark, the batch fold's seen set).

An order's facts follow the order's record, which only grows (paid once, refunded once, sold
at a market once): each event merges into the record and the fold emits the difference
between the facts of the record after and before. A refund arriving before its payment
leaves a refunded record that the payment then adds nothing to; the end state is the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, NamedTuple, Protocol

from marketplace.indicators.domain.countries import (
    ANTILLES,
    MARTINIQUE,
    OVERSEAS,
    country_code,
    group_of,
)
from marketplace.indicators.domain.periods import martinique_day

DIFFUSION = "diffusion"
PREVIEW = "preview"
ACTIVITY = "activity"
PERSON = "person"
ORGANISATION = "organisation"
# Where a country came from (the report says how many of each).
CARD = "card"  # the paying card's country, from the payment gateway (`order.paid`)
DECLARED = "declared"  # the buyer's declaration at checkout (for VAT)
PROXY = "proxy"  # the trusted proxy's header on a play
INVALID = "invalid"  # a code that names no country: counted as unknown
NONE = ""  # nothing said
# Territories a French card cannot tell from mainland France.
FRENCH_OVERSEAS = frozenset({MARTINIQUE, ANTILLES, OVERSEAS})


class Fact(NamedTuple):
    indicator: str  # diffusion, preview or activity
    day: str  # ISO date in Martinique
    subject: str  # the work (diffusion, preview) or the member (activity)
    channel: str  # store, market, stream, embed, stand_code; activity: the action
    country: str  # ISO alpha-2, "" when unknown
    country_source: str  # declared, proxy, invalid or ""
    member_kind: str = ""  # activity: person or organisation


class Event(Protocol):
    """What the fold reads of an event (the outbox's envelope fits)."""

    @property
    def id(self) -> Any: ...
    @property
    def type(self) -> str: ...
    @property
    def payload(self) -> Mapping[str, Any]: ...
    @property
    def occurred_at(self) -> datetime: ...


@dataclass(frozen=True)
class Sale:
    event_id: str
    day: str
    country: str
    country_source: str
    work_ids: tuple[str, ...]


@dataclass(frozen=True)
class OrderRecord:
    """What the fold keeps of an order: only grows, so merging is order-independent."""

    sale: Sale | None = None
    refunded: bool = False
    at_market: bool = False

    def facts(self) -> frozenset[Fact]:
        # Kept on the (immutable) record once made: the fold asks a record for its facts as
        # the next event's "before" after it was the last one's "after".
        found: frozenset[Fact] | None = self.__dict__.get("_facts")
        if found is None:
            found = self._facts()
            object.__setattr__(self, "_facts", found)
        return found

    def _facts(self) -> frozenset[Fact]:
        if self.sale is None or self.refunded:
            return frozenset()
        channel = "market" if self.at_market else "store"
        sale = self.sale
        return frozenset(
            Fact(DIFFUSION, sale.day, work, channel, sale.country, sale.country_source)
            for work in sale.work_ids
        )

    def to_json(self) -> dict[str, Any]:
        sale = self.sale
        return {
            "sale": None if sale is None else {**sale.__dict__, "work_ids": list(sale.work_ids)},
            "refunded": self.refunded,
            "at_market": self.at_market,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OrderRecord:
        sale = data.get("sale")
        return cls(
            sale=None if sale is None else Sale(**{**sale, "work_ids": tuple(sale["work_ids"])}),
            refunded=bool(data.get("refunded")),
            at_market=bool(data.get("at_market")),
        )


@dataclass(frozen=True)
class Change:
    """One event's effect: the order record to keep (if any) and the supports to add."""

    order_id: str | None = None
    record: OrderRecord | None = None
    deltas: Mapping[Fact, int] = field(default_factory=dict)


def order_key(event: Event) -> str | None:
    """The order whose record the event reads and changes, None for a standalone event."""
    if event.type in _ORDER_EVENTS and _version_ok(event):
        order_id = event.payload.get("order_id")
        return str(order_id) if order_id else None
    return None


def step(event: Event, record: OrderRecord | None) -> Change:
    """The effect of one event, given its order's record (None: no record yet).

    A payload the fold cannot read (unknown version, missing field) changes nothing: the
    event stays in the log and a later fold that reads it can be replayed over it.
    """
    if not _version_ok(event):
        return Change()
    try:
        if event.type in _ORDER_EVENTS:
            return _order_change(event, record or OrderRecord())
        reader = _STANDALONE.get(event.type)
        return Change(deltas=dict.fromkeys(reader(event), 1)) if reader else Change()
    except (KeyError, TypeError, ValueError):
        return Change()


class Fold:
    """The batch fold: every event once, in whatever order it comes."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.orders: dict[str, OrderRecord] = {}
        self.support: Counter[Fact] = Counter()

    def add(self, event: Event) -> bool:
        event_id = str(event.id)
        if event_id in self.seen:
            return False
        self.seen.add(event_id)
        key = order_key(event)
        change = step(event, self.orders.get(key) if key else None)
        if change.order_id is not None and change.record is not None:
            self.orders[change.order_id] = change.record
        for fact, delta in change.deltas.items():
            self.support[fact] += delta
        return True

    def add_all(self, events: Iterable[Event]) -> Fold:
        for event in events:
            self.add(event)
        return self

    def facts(self) -> dict[Fact, int]:
        """The supports, without the facts nothing supports any more."""
        return {fact: count for fact, count in self.support.items() if count}


def _version_ok(event: Event) -> bool:
    return bool(event.payload.get("v", 1) == 1)


def _order_change(event: Event, before: OrderRecord) -> Change:
    payload = event.payload
    after = before
    deltas: Counter[Fact] = Counter()
    if event.type == "order.paid":
        after = _with_sale(before, event)
        day = after.sale.day if after.sale else martinique_day(event.occurred_at)
        deltas[_member(day, payload["buyer_id"], "purchase")] += 1
    elif event.type == "order.refunded":
        # A partial refund leaves the sale standing: the work was still sold.
        if payload["full"]:
            after = replace(before, refunded=True)
    elif payload.get("channel") == "online":  # market.sale: its order sold at a market price
        after = replace(before, at_market=True)
    old, new = before.facts(), after.facts()
    for fact in new - old:
        deltas[fact] += 1
    for fact in old - new:
        deltas[fact] -= 1
    return Change(str(payload["order_id"]), after, dict(deltas))


def _with_sale(record: OrderRecord, event: Event) -> OrderRecord:
    payload = event.payload
    country, source = _sale_country(payload)
    paid_at = payload.get("paid_at")
    moment = datetime.fromisoformat(paid_at) if isinstance(paid_at, str) else event.occurred_at
    works = sorted({str(work) for line in payload["lines"] for work in line.get("work_ids", ())})
    sale = Sale(str(event.id), martinique_day(moment), country, source, tuple(works))
    # One payment per order; should two ever come, the smaller event id wins whatever the order.
    if record.sale is not None and record.sale.event_id <= sale.event_id:
        return record
    return replace(record, sale=sale)


def _sale_country(payload: Mapping[str, Any]) -> tuple[str, str]:
    """The card's country over the buyer's declaration; but a French card says nothing about
    which part of France (Martinique's banks issue FR cards): there, a declared overseas
    territory stands."""
    declared = _country(payload["buyer_country"], DECLARED)
    card = _country(payload.get("card_country"), CARD)
    if card[1] != CARD:  # no card country, or one that names no country
        return declared
    if card[0] == "FR" and declared[1] == DECLARED and group_of(declared[0]) in FRENCH_OVERSEAS:
        return declared
    return card


def _country(value: object, source: str) -> tuple[str, str]:
    if value in (None, ""):
        return "", NONE
    code = country_code(value)
    return (code, source) if code else ("", INVALID)


def _member(day: str, member: object, action: str, kind: str = PERSON) -> Fact:
    return Fact(ACTIVITY, day, str(member), action, "", "", kind)


def _played(event: Event) -> list[Fact]:
    payload = event.payload
    day = martinique_day(event.occurred_at)
    channel = "embed" if payload.get("source") == "embed" else "stream"
    country, source = _country(payload.get("country"), PROXY)
    indicator = DIFFUSION if payload["full"] else PREVIEW
    facts = [Fact(indicator, day, str(payload["work_id"]), channel, country, source)]
    if payload["full"] and payload.get("viewer_id"):
        facts.append(_member(day, payload["viewer_id"], "play"))
    return facts


def _play_counted(event: Event) -> list[Fact]:
    """A play of the play protocol: only a counted one, never the owner's or staff's."""
    payload = event.payload
    if not payload["counted"] or payload.get("excluded"):
        return []
    return _played(event)


def _redeemed(event: Event) -> list[Fact]:
    payload = event.payload
    day = str(payload["day"])
    return [
        Fact(DIFFUSION, day, str(payload["work_id"]), "stand_code", "", NONE),
        _member(day, payload["user_id"], "redeem"),
    ]


def _acted(field_name: str, action: str, kind: str = PERSON) -> Any:
    def read(event: Event) -> list[Fact]:
        day = martinique_day(event.occurred_at)
        return [_member(day, event.payload[field_name], action, kind)]

    return read


def _organisation_acted(event: Event) -> list[Fact]:
    day = martinique_day(event.occurred_at)
    facts = [_member(day, event.payload["organisation_id"], "organisation", ORGANISATION)]
    if event.payload.get("by"):
        facts.append(_member(day, event.payload["by"], "organisation"))
    return facts


_ORDER_EVENTS = frozenset({"order.paid", "order.refunded", "market.sale"})
_STANDALONE = {
    "media.played": _played,  # before the play protocol: the log keeps them
    "media.play_counted": _play_counted,
    "code.redeemed": _redeemed,
    "media.uploaded": _acted("owner_id", "upload"),
    "work.published": _acted("by", "publish"),
    "booking.made": _acted("by", "booking"),
    "submission.submitted": _acted("applicant_id", "application"),
    "meeting.booked": _acted("professional_id", "meeting"),
    "accreditation.granted": _acted("user_id", "accreditation"),
    "market.opened": _acted("organisation_id", "market", ORGANISATION),
    **dict.fromkeys(
        (
            "organisation.created",
            "organisation.updated",
            "organisation.verification_requested",
            "organisation.member_added",
        ),
        _organisation_acted,
    ),
}
# Every event type the fold reads: the consumers subscribe to these, the rebuild reads these.
FOLDED = tuple(sorted(_ORDER_EVENTS | set(_STANDALONE)))
