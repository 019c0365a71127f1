"""The tests' loopback webhook receiver (`tests/webhook_receiver.py`), run in a process of its own.

In the bench's own process the receiver's threads shared the interpreter lock with the event
loop that sends: each request's `send()` waited for the lock (a 5 ms switch interval), and
the CPU figures counted the receiver's work as the sender's. In a child process the receiver
has its own interpreter, as a partner's server would, and the bench's CPU time is Lakou's.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection


def _serve(pipe: Connection) -> None:
    from tests.webhook_receiver import receiver  # in the child only

    with receiver() as site:
        pipe.send(site.base)
        while pipe.recv() == "count":
            pipe.send({path: len(site.at(path)) for path in {r.path for r in site.received}})


@dataclass
class ReceiverProcess:
    base: str
    _pipe: Connection

    def count(self, path: str) -> int:
        """How many requests the receiver has had at `path`."""
        self._pipe.send("count")
        counts: dict[str, int] = self._pipe.recv()
        return counts.get(path, 0)


@contextmanager
def receiver_process() -> Iterator[ReceiverProcess]:
    # Spawned, not forked: the bench's process already runs an event loop and database pools.
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_serve, args=(theirs,), daemon=True)
    child.start()
    try:
        yield ReceiverProcess(ours.recv(), ours)
    finally:
        ours.send("stop")
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
