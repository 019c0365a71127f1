"""The hosted-buyer scheduler: a day's one-to-one meetings from both sides' ranked wishes.

Pure: people are opaque ids, slots are indices 0…slots-1 of the day. Three steps:

1. Matching. A maximum-weight b-matching by min-cost flow (`scheduling.flow`): source → buyer
   (capacity: the buyer's quota, at most their free slots) → exhibitor (one meeting per pair,
   cost -weight) → sink (the exhibitor's quota, at most the free slots of its tables). A mutual
   wish weighs more than every one-sided wish together, so the matching first holds as many
   mutual pairs as quotas and free slots allow, then the best-ranked ones. That count is the
   flow bound: no schedule meets more mutual wishes.
2. Slots. Each matched pair goes to one of the exhibitor's tables, then gets a slot: an edge
   colouring of the bipartite graph buyers and tables with the slots as colours (König: a
   bipartite graph of degree ≤ slots has such a colouring). A pair whose two ends have no common
   free slot swaps two slots along an alternating (Kempe) path; slots already booked (existing
   bookings) are fixed colours no swap moves.
3. Repair. A pair still without a slot tries the exhibitor's other tables; then the wished
   pairs left out fill the free places, best first, within the quotas.

The guarantee, whatever the input: no buyer and no table twice in one slot, no meeting in a slot
already booked, quotas held, one meeting per pair, and every pair wished by at least one side.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

from scheduling.flow import FlowNetwork

Person = Hashable
Table = tuple[Hashable, int]  # (exhibitor, table number 0…tables-1)
# A node of the board: ("b", buyer) or ("t", exhibitor, table number); quotas: ("e", exhibitor).
Node = tuple[Hashable, ...]
# The weight of one side's wish: 1 for the last of a list up to RANK_SCALE for the first.
RANK_SCALE = 10


@dataclass(frozen=True)
class Participant:
    id: Person
    wishes: tuple[Person, ...]  # ranked, best first
    quota: int  # most meetings that day
    tables: int = 1  # an exhibitor's tables (a buyer's is unused)


@dataclass(frozen=True)
class RoundInput:
    buyers: tuple[Participant, ...]
    exhibitors: tuple[Participant, ...]
    slots: int
    # Slots already booked that day: a buyer's, and a table's.
    buyer_busy: Mapping[Person, frozenset[int]] = field(default_factory=dict)
    table_busy: Mapping[Table, frozenset[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Meeting:
    buyer: Person
    exhibitor: Person
    table: int
    slot: int
    mutual: bool
    weight: int


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    mutual_bound: int  # mutual pairs in the best matching (the flow bound)
    weight_bound: int  # its weight

    @property
    def mutual_met(self) -> int:
        return sum(1 for meeting in self.meetings if meeting.mutual)

    @property
    def mutual_fraction(self) -> float:
        return self.mutual_met / self.mutual_bound if self.mutual_bound else 1.0


@dataclass(frozen=True)
class _Pair:
    buyer: Person
    exhibitor: Person
    weight: int
    mutual: bool


def schedule(day: RoundInput) -> Schedule:
    pairs = wished_pairs(day)
    matched, mutual_bound, weight_bound = match(day, pairs)
    board = _Board(day)
    left_out = [pair for pair in matched if not board.place(pair)]
    # Repair: the pairs left out, then every other wished pair, best first.
    chosen = {(pair.buyer, pair.exhibitor) for pair in matched}
    others = [pair for pair in pairs if (pair.buyer, pair.exhibitor) not in chosen]
    for pair in sorted([*left_out, *others], key=_best_first):
        board.place(pair, kempe=True)
    return Schedule(tuple(board.meetings()), mutual_bound, weight_bound)


def wished_pairs(day: RoundInput) -> list[_Pair]:
    """Every pair wished by at least one side, with its weight."""
    buyers = {buyer.id for buyer in day.buyers}
    exhibitors = {exhibitor.id for exhibitor in day.exhibitors}
    ranks: dict[tuple[Person, Person], list[int]] = {}
    for buyer in day.buyers:
        for score, wanted in _scores(buyer.wishes, exhibitors):
            ranks.setdefault((buyer.id, wanted), [0, 0])[0] = score
    for exhibitor in day.exhibitors:
        for score, wanted in _scores(exhibitor.wishes, buyers):
            ranks.setdefault((wanted, exhibitor.id), [0, 0])[1] = score
    one_sided_most = 2 * RANK_SCALE * (sum(max(buyer.quota, 0) for buyer in day.buyers) + 1)
    pairs = []
    for (buyer_id, exhibitor_id), (by_buyer, by_exhibitor) in ranks.items():
        mutual = by_buyer > 0 and by_exhibitor > 0
        weight = by_buyer + by_exhibitor + (one_sided_most if mutual else 0)
        pairs.append(_Pair(buyer_id, exhibitor_id, weight, mutual))
    return sorted(pairs, key=_best_first)


def match(day: RoundInput, pairs: list[_Pair]) -> tuple[list[_Pair], int, int]:
    """The maximum-weight matching under quotas: (pairs, its mutual count, its weight)."""
    buyer_index = {buyer.id: 1 + n for n, buyer in enumerate(day.buyers)}
    base = 1 + len(day.buyers)
    exhibitor_index = {exhibitor.id: base + n for n, exhibitor in enumerate(day.exhibitors)}
    sink = base + len(day.exhibitors)
    network = FlowNetwork(sink + 1)
    for buyer in day.buyers:
        free = day.slots - len(day.buyer_busy.get(buyer.id, frozenset()) & _all(day.slots))
        network.add_edge(0, buyer_index[buyer.id], max(0, min(buyer.quota, free)), 0)
    for exhibitor in day.exhibitors:
        free = sum(
            day.slots
            - len(day.table_busy.get((exhibitor.id, table), frozenset()) & _all(day.slots))
            for table in range(max(exhibitor.tables, 0))
        )
        network.add_edge(exhibitor_index[exhibitor.id], sink, max(0, min(exhibitor.quota, free)), 0)
    edges = [
        (
            network.add_edge(
                buyer_index[pair.buyer], exhibitor_index[pair.exhibitor], 1, -pair.weight
            ),
            pair,
        )
        for pair in pairs
    ]
    network.min_cost_flow(0, sink)
    matched = [pair for edge, pair in edges if network.flow(edge) > 0]
    return (
        matched,
        sum(1 for pair in matched if pair.mutual),
        sum(pair.weight for pair in matched),
    )


class _Board:
    """Who meets whom when: the slots of each buyer and each table, and the quotas left."""

    def __init__(self, day: RoundInput) -> None:
        self.slots = day.slots
        everything = _all(day.slots)
        self.fixed: dict[Node, frozenset[int]] = {}
        for buyer in day.buyers:
            self.fixed[("b", buyer.id)] = day.buyer_busy.get(buyer.id, frozenset()) & everything
        self.tables: dict[Person, list[Node]] = {}
        self.table_number: dict[Node, int] = {}
        for exhibitor in day.exhibitors:
            nodes: list[Node] = []
            for table in range(max(exhibitor.tables, 0)):
                node: Node = ("t", exhibitor.id, table)
                busy = day.table_busy.get((exhibitor.id, table), frozenset())
                self.fixed[node] = busy & everything
                self.table_number[node] = table
                nodes.append(node)
            self.tables[exhibitor.id] = nodes
        self.quota_left: dict[Node, int] = {
            **{("b", buyer.id): max(buyer.quota, 0) for buyer in day.buyers},
            **{("e", ex.id): max(ex.quota, 0) for ex in day.exhibitors},
        }
        # node -> slot -> the other end of the meeting held then.
        self.held: dict[Node, dict[int, Node]] = {node: {} for node in self.fixed}
        self.pairs: dict[tuple[Node, Node], _Pair] = {}
        self.met: set[tuple[Person, Person]] = set()

    def free(self, node: Node) -> list[int]:
        held, fixed = self.held[node], self.fixed[node]
        return [slot for slot in range(self.slots) if slot not in held and slot not in fixed]

    def place(self, pair: _Pair, *, kempe: bool = True) -> bool:
        buyer = ("b", pair.buyer)
        if (pair.buyer, pair.exhibitor) in self.met:
            return False
        if self.quota_left.get(buyer, 0) < 1 or self.quota_left.get(("e", pair.exhibitor), 0) < 1:
            return False
        # The least busy table first, so meetings spread over the stand's tables.
        tables = sorted(self.tables.get(pair.exhibitor, []), key=lambda t: len(self.held[t]))
        for table in tables:
            slot = self._common_slot(buyer, table)
            if slot is None and kempe:
                slot = self._swap_for(buyer, table)
            if slot is not None:
                self._hold(buyer, table, slot, pair)
                return True
        return False

    def _common_slot(self, buyer: Node, table: Node) -> int | None:
        table_free = set(self.free(table))
        return next((slot for slot in self.free(buyer) if slot in table_free), None)

    def _swap_for(self, buyer: Node, table: Node) -> int | None:
        """Frees, by one Kempe swap, a slot both ends can take; None when none works."""
        for mine in self.free(buyer):
            if mine not in self.held[table]:
                continue  # fixed at the table: no swap frees it
            for theirs in self.free(table):
                if self._flip(table, mine, theirs):
                    return mine
        return None

    def _flip(self, start: Node, first: int, second: int) -> bool:
        """Swaps `first` and `second` along the alternating path from `start`, which holds
        `first` and has `second` free. In a bipartite graph that path never reaches the other
        end of the meeting being placed. False, changing nothing, when the path's last node has
        the slot it would gain fixed (already booked)."""
        path = [start]
        colour, other = first, second
        node = start
        while colour in self.held[node]:
            node = self.held[node][colour]
            path.append(node)
            colour, other = other, colour
        # The last node gains the slot its path edge did not have (`colour` after the loop).
        if colour in self.fixed[path[-1]]:
            return False
        edges = [
            (path[index], path[index + 1], first if index % 2 == 0 else second)
            for index in range(len(path) - 1)
        ]
        for tail, head, slot in edges:
            del self.held[tail][slot]
            del self.held[head][slot]
        for tail, head, slot in edges:
            swapped = second if slot == first else first
            self.held[tail][swapped] = head
            self.held[head][swapped] = tail
        return True

    def _hold(self, buyer: Node, table: Node, slot: int, pair: _Pair) -> None:
        self.held[buyer][slot] = table
        self.held[table][slot] = buyer
        self.pairs[(buyer, table)] = pair
        self.met.add((pair.buyer, pair.exhibitor))
        self.quota_left[buyer] -= 1
        self.quota_left[("e", pair.exhibitor)] -= 1

    def meetings(self) -> list[Meeting]:
        found = []
        for node, held in self.held.items():
            if node[0] != "b":
                continue
            for slot, table in held.items():
                pair = self.pairs[(node, table)]
                found.append(
                    Meeting(
                        pair.buyer,
                        pair.exhibitor,
                        self.table_number[table],
                        slot,
                        pair.mutual,
                        pair.weight,
                    )
                )
        return sorted(found, key=lambda m: (m.slot, str(m.buyer), str(m.exhibitor)))


def _scores(wishes: Iterable[Person], known: set[Person]) -> list[tuple[int, Person]]:
    """Each known, first-listed wish with its score: RANK_SCALE for the first down to 1."""
    seen: list[Person] = []
    for wanted in wishes:
        if wanted in known and wanted not in seen:
            seen.append(wanted)
    count = len(seen)
    return [
        (1 + (RANK_SCALE - 1) * (count - rank) // count, wanted) for rank, wanted in enumerate(seen)
    ]


def _best_first(pair: _Pair) -> tuple[int, str, str]:
    return (-pair.weight, str(pair.buyer), str(pair.exhibitor))


def _all(slots: int) -> frozenset[int]:
    return frozenset(range(slots))
