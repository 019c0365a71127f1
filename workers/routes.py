"""The relay's routing table, derived from the consumers the module specs declare."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from infra.events.relay import Route, Routes
from infra.modules import ModuleSpec, RetryPolicy, consumers_by_event


def routes_for(modules: Sequence[ModuleSpec]) -> Routes:
    return {
        event: tuple(
            Route(actor=consumer.actor, queue=consumer.queue, patience=_patience(consumer.retry))
            for consumer in consumers
        )
        for event, consumers in consumers_by_event(modules).items()
    }


def _patience(policy: RetryPolicy) -> timedelta:
    """A consumer with a time limit may legitimately run that long: its delivery is not lost
    before (sending it again then would start a second transcode beside the first)."""
    return timedelta(milliseconds=policy.time_limit_ms or 0)
