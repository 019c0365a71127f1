"""The hosted-buyer scheduler, on any input hypothesis makes up: nobody and no table is ever
booked twice in a slot, quotas and booked slots hold, and every meeting was wished."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.matching import Participant, RoundInput, schedule


@st.composite
def rounds(draw: st.DrawFn) -> RoundInput:
    slots = draw(st.integers(1, 6))
    buyer_ids = [f"b{n}" for n in range(draw(st.integers(1, 7)))]
    exhibitor_ids = [f"e{n}" for n in range(draw(st.integers(1, 7)))]
    quota = st.integers(0, slots + 2)
    buyers = tuple(
        Participant(
            buyer,
            tuple(draw(st.lists(st.sampled_from([*exhibitor_ids, "ghost"]), max_size=6))),
            draw(quota),
        )
        for buyer in buyer_ids
    )
    exhibitors = []
    table_busy = {}
    for exhibitor in exhibitor_ids:
        tables = draw(st.integers(0, 3))
        exhibitors.append(
            Participant(
                exhibitor,
                tuple(draw(st.lists(st.sampled_from(buyer_ids), max_size=6))),
                draw(st.integers(0, 3 * slots + 1)),
                tables,
            )
        )
        for table in range(tables):
            table_busy[(exhibitor, table)] = frozenset(
                draw(st.sets(st.integers(0, slots), max_size=2))
            )
    buyer_busy = {
        buyer: frozenset(draw(st.sets(st.integers(0, slots), max_size=3))) for buyer in buyer_ids
    }
    return RoundInput(buyers, tuple(exhibitors), slots, buyer_busy, table_busy)


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_no_double_booking_quotas_hold_and_every_meeting_was_wished(day: RoundInput) -> None:
    result = schedule(day)
    buyers = {buyer.id: buyer for buyer in day.buyers}
    exhibitors = {exhibitor.id: exhibitor for exhibitor in day.exhibitors}

    buyer_slots = Counter((m.buyer, m.slot) for m in result.meetings)
    table_slots = Counter((m.exhibitor, m.table, m.slot) for m in result.meetings)
    assert max(buyer_slots.values(), default=0) <= 1
    assert max(table_slots.values(), default=0) <= 1
    assert max(Counter((m.buyer, m.exhibitor) for m in result.meetings).values(), default=0) <= 1
    for meeting in result.meetings:
        assert 0 <= meeting.slot < day.slots
        assert meeting.slot not in day.buyer_busy.get(meeting.buyer, frozenset())
        assert meeting.slot not in day.table_busy.get(
            (meeting.exhibitor, meeting.table), frozenset()
        )
        assert 0 <= meeting.table < exhibitors[meeting.exhibitor].tables
        wished = meeting.exhibitor in buyers[meeting.buyer].wishes
        wished_back = meeting.buyer in exhibitors[meeting.exhibitor].wishes
        assert wished or wished_back
        assert meeting.mutual == (wished and wished_back)
    for buyer, count in Counter(m.buyer for m in result.meetings).items():
        assert count <= buyers[buyer].quota
    for exhibitor, count in Counter(m.exhibitor for m in result.meetings).items():
        assert count <= exhibitors[exhibitor].quota
    assert result.mutual_met <= result.mutual_bound


@settings(max_examples=200, deadline=None)
@given(rounds())
def test_the_flow_bound_is_the_most_mutual_pairs_quotas_and_free_slots_allow(
    day: RoundInput,
) -> None:
    """Checked against networkx's maximum flow over the mutual pairs alone (an independent
    implementation; networkx is only a development tool here)."""
    networkx = pytest.importorskip("networkx")
    every_slot = set(range(day.slots))
    graph = networkx.DiGraph()
    for buyer in day.buyers:
        free = day.slots - len(day.buyer_busy.get(buyer.id, frozenset()) & every_slot)
        graph.add_edge("source", ("b", buyer.id), capacity=max(0, min(buyer.quota, free)))
    for exhibitor in day.exhibitors:
        free = sum(
            day.slots - len(day.table_busy.get((exhibitor.id, t), frozenset()) & every_slot)
            for t in range(exhibitor.tables)
        )
        graph.add_edge(("e", exhibitor.id), "sink", capacity=max(0, min(exhibitor.quota, free)))
        for buyer in day.buyers:
            if buyer.id in exhibitor.wishes and exhibitor.id in buyer.wishes:
                graph.add_edge(("b", buyer.id), ("e", exhibitor.id), capacity=1)

    assert schedule(day).mutual_bound == networkx.maximum_flow_value(graph, "source", "sink")


def test_a_full_day_of_mutual_wishes_is_scheduled_entirely() -> None:
    """Four buyers and four one-table exhibitors who all want each other, four slots: König
    says a perfect schedule exists, and the swaps find it."""
    names = ["a", "b", "c", "d"]
    buyers = tuple(Participant(f"b{n}", tuple(f"e{m}" for m in names), 4) for n in names)
    exhibitors = tuple(Participant(f"e{n}", tuple(f"b{m}" for m in names), 4, 1) for n in names)

    result = schedule(RoundInput(buyers, exhibitors, 4))

    assert result.mutual_bound == 16
    assert result.mutual_met == 16
    assert result.mutual_fraction == 1.0


def test_booked_slots_are_kept_and_the_best_ranked_wishes_win() -> None:
    buyers = (Participant("b", ("first", "second", "third"), 2),)
    exhibitors = tuple(Participant(name, (), 1, 1) for name in ("first", "second", "third"))

    result = schedule(RoundInput(buyers, exhibitors, 3, buyer_busy={"b": frozenset({0})}))

    assert sorted(m.exhibitor for m in result.meetings) == ["first", "second"]
    assert {m.slot for m in result.meetings} == {1, 2}
