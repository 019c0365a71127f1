"""The relay's routing table, derived from the consumers the module specs declare."""

from __future__ import annotations

from collections.abc import Sequence

from infra.events.relay import Route, Routes
from infra.modules import ModuleSpec, consumers_by_event


def routes_for(modules: Sequence[ModuleSpec]) -> Routes:
    return {
        event: tuple(Route(actor=consumer.actor, queue=consumer.queue) for consumer in consumers)
        for event, consumers in consumers_by_event(modules).items()
    }
