"""Module specs fit together or stop start-up by name; typed events are checked at both ends."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from infra.events.envelope import EventEnvelope
from infra.events.types import EventPayload, EventType, InvalidEvent
from infra.http.pages import _sees
from infra.modules import (
    QUICK,
    Consumer,
    ModuleError,
    ModuleSpec,
    NavEntry,
    RetryPolicy,
    check_events,
    consumers_by_event,
    ordered,
)
from infra.services import MissingService, Services
from lakou.docs import write_or_check
from lakou.modules import CORE_MODULES
from workers.actors import _options


class Ping(EventPayload, frozen=True, kw_only=True):
    thing_id: uuid.UUID
    count: int


PING = EventType("thing.pinged", Ping, "a thing was pinged")


class Listener:
    async def hear(self, event: EventEnvelope) -> None:
        return None


def spec(name: str, *depends_on: str, **parts: Any) -> ModuleSpec:
    return ModuleSpec(name=name, package=f"pkg.{name}", depends_on=depends_on, **parts)


def consumer(actor: str, *events: EventType[Any]) -> Consumer[Listener]:
    return Consumer(actor=actor, events=events, service=Listener, handle=Listener.hear)


def test_dependencies_come_first_whatever_the_listed_order() -> None:
    names = [
        s.name
        for s in ordered([spec("orders", "offers"), spec("offers", "catalogue"), spec("catalogue")])
    ]
    assert names == ["catalogue", "offers", "orders"]


def test_a_missing_dependency_is_named() -> None:
    with pytest.raises(ModuleError, match="'studio' depends on revenue"):
        ordered([spec("studio", "revenue")])


def test_a_dependency_cycle_is_shown() -> None:
    with pytest.raises(ModuleError, match="a -> b -> a"):
        ordered([spec("a", "b"), spec("b", "a")])


def test_two_modules_may_not_share_a_name() -> None:
    with pytest.raises(ModuleError, match="two modules are named 'media'"):
        ordered([spec("media"), spec("media")])


def test_an_actor_belongs_to_one_module() -> None:
    first = spec("a", publishes=(PING,), consumers=(consumer("x.hear", PING),))
    second = spec("b", consumers=(consumer("x.hear", PING),))
    with pytest.raises(ModuleError, match=r"actor 'x\.hear'"):
        consumers_by_event([first, second])


def test_events_have_one_publisher_and_consumed_events_exist() -> None:
    with pytest.raises(ModuleError, match="published by 'a' and 'b'"):
        check_events([spec("a", publishes=(PING,)), spec("b", publishes=(PING,))])
    with pytest.raises(ModuleError, match=r"consumes 'thing\.pinged'"):
        check_events([spec("a", consumers=(consumer("a.hear", PING),))])
    check_events([spec("a", publishes=(PING,)), spec("b", consumers=(consumer("b.hear", PING),))])


def test_the_core_modules_fit_together() -> None:
    modules = ordered(CORE_MODULES)
    check_events(modules)
    routes = consumers_by_event(modules)
    # Transcoding, and the indicators counting an upload as a creator's action.
    assert [c.actor for c in routes["media.uploaded"]] == ["media.process_asset", "indicators.fold"]
    assert {c.actor for c in routes["work.published"]} == {
        "activity.record_work_event",
        "search.index_work",
        "indicators.fold",
        "licensing.follow_release",
        "webhooks.fan_out",
        "partners.match_saved_searches",
    }
    # A licence's fee paid or refunded outside an order reaches the ledger; an order's refund
    # of a licence (a deal or a billed sync licence) gets its credit note, whose parties are told;
    # a paid sync licence billed to its buyer's organisation gets its invoice.
    assert [c.actor for c in routes["licensing.invoice_paid"]] == ["revenue.allocate_licence_fee"]
    assert {c.actor for c in routes["licensing.credit_note_issued"]} == {
        "licensing.tell_credit_note",
        "revenue.reverse_licence_fee",
    }
    assert {"licensing.credit_refund", "licensing.credit_sync_refund"} <= {
        c.actor for c in routes["order.refunded"]
    }
    assert [c.actor for c in routes["licensing.sync_licence_paid"]] == [
        "licensing.invoice_sync_licence"
    ]
    assert [c.actor for c in routes["connect.account_disconnected"]] == [
        "revenue.tell_disconnected"
    ]
    # A work's or a creator's change re-attributes the work's figures (discipline, commune).
    assert {c.actor for c in routes["work.updated"]} == {
        "search.index_work",
        "partners.match_saved_searches",
        "indicators.reattribute",
    }
    assert {c.actor for c in routes["creator.updated"]} == {
        "search.index_work",
        "indicators.reattribute",
    }
    # A catalogue export is built by the partners' own actor, out of the request.
    assert [c.actor for c in routes["partners.export_requested"]] == ["partners.build_export"]


def test_a_payload_is_checked_when_recorded() -> None:
    thing = uuid.uuid4()
    event = PING.event(thing, Ping(thing_id=thing, count=2))
    assert event.payload == {"thing_id": str(thing), "count": 2, "v": 1}
    with pytest.raises(InvalidEvent, match=r"thing.pinged.*count"):
        PING.event(thing, Ping(thing_id=thing, count="two"))  # type: ignore[arg-type]


def _envelope(event_type: str, payload: dict[str, Any]) -> EventEnvelope:
    return EventEnvelope(uuid.uuid4(), event_type, uuid.uuid4(), payload, datetime.now(UTC))


def test_a_payload_is_checked_when_consumed() -> None:
    thing = uuid.uuid4()
    decoded = PING.decode(_envelope("thing.pinged", {"thing_id": str(thing), "count": 3, "v": 1}))
    assert decoded == Ping(thing_id=thing, count=3)
    with pytest.raises(InvalidEvent, match="missing required field `count`"):
        PING.decode(_envelope("thing.pinged", {"thing_id": str(thing), "v": 1}))
    with pytest.raises(InvalidEvent, match="version 2 is not 1"):
        PING.decode(_envelope("thing.pinged", {"thing_id": str(thing), "count": 3, "v": 2}))
    with pytest.raises(InvalidEvent, match=r"is not thing\.pinged"):
        PING.decode(_envelope("thing.poked", {"thing_id": str(thing), "count": 3, "v": 1}))


def test_payloads_may_not_carry_personal_data() -> None:
    class Leaky(EventPayload, frozen=True, kw_only=True):
        user_id: uuid.UUID
        email: str

    with pytest.raises(TypeError, match="not email"):
        EventType("user.leaked", Leaky)


def test_a_malformed_message_is_not_retried_but_outside_trouble_is() -> None:
    retry = _options(QUICK)["retry_when"]
    assert retry(0, ConnectionError("database restarting"))
    assert not retry(0, InvalidEvent("event x: missing field"))
    assert not retry(QUICK.max_retries, ConnectionError("still down"))
    only_io = _options(RetryPolicy("io", 3, 10, 100, retry_only=(OSError,)))["retry_when"]
    assert only_io(0, OSError("disk full"))
    assert not only_io(0, ValueError("corrupt file"))


def test_services_are_found_by_type_and_missing_ones_named() -> None:
    services = Services()
    listener = Listener()
    services.register(listener)
    assert services.get(Listener) is listener
    with pytest.raises(ValueError, match="already registered"):
        services.register(Listener())
    with pytest.raises(MissingService, match="no Services is registered"):
        services.get(Services)


class Viewer:
    def __init__(self, role: str) -> None:
        self.email, self.display_name, self.role_name = "a@b.test", "A", role


def test_menu_entries_follow_their_audience() -> None:
    explore = NavEntry("explore", "/recherche", 10)
    library = NavEntry("library", "/bibliotheque", 40, audience="signed_in")
    studio = NavEntry("studio", "/studio", 20, audience="creator")
    assert [_sees(e, None) for e in (explore, library, studio)] == [True, False, False]
    audience = Viewer("audience")
    assert [_sees(e, audience) for e in (explore, library, studio)] == [True, True, False]
    assert _sees(studio, Viewer("creator"))
    assert _sees(studio, Viewer("staff"))


def test_generated_docs_are_checked_for_drift(tmp_path: Path) -> None:
    modules = ordered(CORE_MODULES)
    assert sorted(write_or_check(modules, tmp_path, check=False)) == [
        str(tmp_path / "architecture.md"),
        str(tmp_path / "events.md"),
    ]
    assert write_or_check(modules, tmp_path, check=True) == []
    (tmp_path / "events.md").write_text("edited by hand")
    assert write_or_check(modules, tmp_path, check=True) == [str(tmp_path / "events.md")]
