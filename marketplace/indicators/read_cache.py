"""An in-process cache of what is read from the kept cells, valid for one version of them.

Every transaction that changes the live cells bumps their version (`cell_store.add_to_cells`),
so a reader checks one small row and serves what it already built while nothing changed: the
dashboard and the open-data endpoint neither read nor suppress again per request. Each process
keeps its own; a version read before a change and cells read after it only make the entry
fresher than its key, and the next request reads again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")
# Distinct reads kept (a grain and its periods each); the oldest goes first.
ENTRIES = 256


class VersionedCache(Generic[Value]):
    def __init__(self, entries: int = ENTRIES) -> None:
        self._entries = entries
        self._kept: OrderedDict[Hashable, tuple[int, Value]] = OrderedDict()

    async def get(self, key: Hashable, version: int, make: Callable[[], Awaitable[Value]]) -> Value:
        found = self._kept.get(key)
        if found is not None and found[0] == version:
            self._kept.move_to_end(key)
            return found[1]
        value = await make()
        self._kept[key] = (version, value)
        self._kept.move_to_end(key)
        while len(self._kept) > self._entries:
            self._kept.popitem(last=False)
        return value
