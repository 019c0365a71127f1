"""Events for the indicators' tests and benchmark: plain outbox envelopes, made at random."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from uuid import UUID

from infra.events.envelope import EventEnvelope
from infra.events.tables import OutboxMessage
from infra.ids import new_id

COUNTRIES = ("MQ", "GP", "FR", "LC", "US", "DE", "HT", None, "XX", "mq")
CARDS = ("FR", "CA", None, None, None, None, None, None)


def envelope(kind: str, payload: dict[str, object], at: datetime) -> EventEnvelope:
    return EventEnvelope(new_id(), kind, new_id(), {**payload, "v": 1}, at)


def paid(
    order: UUID,
    works: list[UUID],
    country: str | None,
    at: datetime,
    card: str | None = None,
) -> EventEnvelope:
    """A paid order; `card`: the paying card's country, when a card paid (else none said)."""
    return envelope(
        "order.paid",
        {
            "order_id": str(order),
            "buyer_id": str(new_id()),
            "buyer_country": country or "",
            **({"card_country": card} if card is not None else {}),
            "currency": "EUR",
            "gateway": "test",
            "payment_id": "pi_1",
            "paid_at": at.isoformat(),
            "total_cents": 900,
            "payment_fee_cents": 0,
            "lines": [{"work_ids": [str(work) for work in works], "quantity": 1}],
        },
        at,
    )


def refunded(order: UUID, at: datetime, full: bool = True) -> EventEnvelope:
    return envelope(
        "order.refunded",
        {"order_id": str(order), "refund_id": "re_1", "amount_cents": 900, "full": full},
        at,
    )


def played(work: UUID, country: str | None, at: datetime, full: bool = True) -> EventEnvelope:
    viewer = str(new_id())
    return envelope(
        "media.played",
        {
            "work_id": str(work),
            "asset_id": str(new_id()),
            "viewer_id": viewer,
            "seconds": 31.0,
            "full": full,
            "country": country,
            "source": "site",
        },
        at,
    )


def play_counted(
    work: UUID,
    country: str | None,
    at: datetime,
    full: bool = True,
    counted: bool = True,
    excluded: str | None = None,
) -> EventEnvelope:
    """A play settled by the play protocol (`media.play_counted`), as `media/plays/` emits it."""
    viewer = new_id()
    return envelope(
        "media.play_counted",
        {
            "play_id": str(new_id()),
            "work_id": str(work),
            "asset_id": str(new_id()),
            "listener": viewer.hex[:16],
            "viewer_id": str(viewer),
            "full": full,
            "counted": counted,
            "excluded": excluded,
            "country": country,
            "source": "direct",
            "referrer": None,
            "heard_s": 31.0 if counted else 4.0,
            "duration_s": 180.0,
            "outcome": "partial" if counted else "skip",
            "opened_at": at.isoformat(),
        },
        at,
    )


def redeemed(work: UUID, at: datetime) -> EventEnvelope:
    return envelope(
        "code.redeemed",
        {
            "market_id": str(new_id()),
            "stand_id": str(new_id()),
            "batch_id": str(new_id()),
            "work_id": str(work),
            "user_id": str(new_id()),
            "day": at.date().isoformat(),
        },
        at,
    )


def market_sale(order: UUID, at: datetime) -> EventEnvelope:
    return envelope(
        "market.sale",
        {
            "market_id": str(new_id()),
            "stand_id": None,
            "order_id": str(order),
            "channel": "online",
            "units": 1,
            "gross_cents": 900,
            "currency": "EUR",
            "day": at.date().isoformat(),
        },
        at,
    )


def random_events(count: int, seed: int, works: int = 40) -> list[EventEnvelope]:
    """A mix of sales (some refunded, some at a market), plays (legacy `media.played` and the
    play protocol's `media.play_counted`), previews and redemptions."""
    rng = random.Random(seed)
    pool = [UUID(int=rng.getrandbits(128)) for _ in range(works)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    events: list[EventEnvelope] = []
    while len(events) < count:
        at = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365))
        roll = rng.random()
        if roll < 0.35:
            order = UUID(int=rng.getrandbits(128))
            # One order in four paid by a card whose country the gateway gave (taken from the
            # order's id, not the generator, so the other events stay as they were).
            card = CARDS[order.int % len(CARDS)]
            events.append(
                paid(order, rng.sample(pool, rng.randint(1, 3)), rng.choice(COUNTRIES), at, card)
            )
            if rng.random() < 0.2:
                events.append(refunded(order, at + timedelta(days=1), full=rng.random() < 0.8))
            if rng.random() < 0.1:
                events.append(market_sale(order, at))
        elif roll < 0.55:
            # Plays reported before the play protocol (the log keeps them).
            events.append(played(rng.choice(pool), rng.choice(COUNTRIES), at, rng.random() < 0.7))
        elif roll < 0.85:
            # The play protocol's settled plays: some under the threshold or a repeat, some
            # the owner's or staff's (none of these count).
            standing = rng.random()
            events.append(
                play_counted(
                    rng.choice(pool),
                    rng.choice(COUNTRIES),
                    at,
                    full=rng.random() < 0.7,
                    counted=standing < 0.8,
                    excluded=rng.choice(("owner", "staff")) if standing > 0.9 else None,
                )
            )
        else:
            events.append(redeemed(rng.choice(pool), at))
    return events[:count]


async def log_to_outbox(events: list[EventEnvelope], chunk: int = 2000) -> None:
    """The events as the outbox keeps them, already sent: the log is their history."""
    now = datetime.now(UTC)
    for start in range(0, len(events), chunk):
        await OutboxMessage.insert(
            *(
                OutboxMessage(
                    id=event.id,
                    event_type=event.type,
                    aggregate_id=event.aggregate_id,
                    payload=event.payload,
                    occurred_at=event.occurred_at,
                    sent_at=now,
                )
                for event in events[start : start + chunk]
            )
        )
