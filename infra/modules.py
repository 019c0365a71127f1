"""Module specs: how a context describes itself to the composition root.

Modelled on piccolo's `AppConfig`: a context (core or extension) exposes one `ModuleSpec` in
its `module.py` — its tables and migrations with the modules it depends on, its routes and
templates, the events it publishes and consumes, its periodic jobs, CLI commands, navigation
entries and permissions. The composition root (`lakou/`) only loops over specs; this file knows
no context.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from piccolo.table import Table

from infra.db.migrations import Migration
from infra.events.envelope import EventEnvelope
from infra.events.types import EventType
from infra.notifications import NotificationKind
from infra.personal_data import PersonalData
from infra.services import Services
from infra.settings import SettingsReader

S = TypeVar("S")


class ModuleError(RuntimeError):
    """The module specs do not fit together; the message names the module at fault."""


@dataclass(frozen=True)
class RetryPolicy:
    """A named retry preset for consumers (dramatiq's exponential backoff between tries)."""

    name: str
    max_retries: int
    min_backoff_ms: int
    max_backoff_ms: int
    time_limit_ms: int | None = None
    # When set, only these exceptions retry; anything else is settled by the service itself.
    retry_only: tuple[type[BaseException], ...] | None = None


# Transient failures (database restart, lock timeout) of quick consumers.
QUICK = RetryPolicy("quick", max_retries=10, min_backoff_ms=500, max_backoff_ms=60_000)
# Money moves or depends on another party (Stripe, a sale not yet allocated): keep trying longer.
PATIENT = RetryPolicy("patient", max_retries=20, min_backoff_ms=1_000, max_backoff_ms=300_000)


@dataclass(frozen=True)
class Consumer(Generic[S]):
    """An event consumer: the actor (by name) that runs it, the service it calls, its retries.

    The relay's routing table is derived from these declarations, and the worker builds one
    actor per consumer, so an event type and its consumers are written down once.
    """

    actor: str
    events: tuple[EventType[Any], ...]
    service: type[S]
    handle: Callable[[S, EventEnvelope], Awaitable[object]]
    queue: str = "default"
    retry: RetryPolicy = QUICK
    # Someone waits on the outcome (an upload to transcode, watched in the studio): its queue is
    # polled more often when idle (`workers.broker.PROMPT_POLL_MS`), at a small cost in Redis
    # calls, so the job starts within a few milliseconds of its event.
    prompt: bool = False


@dataclass(frozen=True)
class Job(Generic[S]):
    """A periodic chore run beside the relay (idempotent: one per deployment is enough)."""

    name: str
    every_s: float
    service: type[S]
    run: Callable[[S], Awaitable[int]]


@dataclass(frozen=True)
class NavEntry:
    """A link in the site's main menu, shown to `audience`: all, signed_in or a role name."""

    # French source text, marked with `N_` so the module's catalogue has it.
    label: str
    path: str
    order: int
    audience: str = "all"
    # Other path prefixes for which this entry is the current page.
    also_current: tuple[str, ...] = ()
    element_id: str | None = None
    # An API path answering `{"count": n}`: the page shows n beside the label when n > 0
    # (unread notifications, say), fetched by the page's script so pages stay cacheable.
    count_url: str | None = None


@dataclass(frozen=True)
class PageNotice:
    """A line above every page for one visitor ("confirm your address"), already translated."""

    text: str
    link: str = ""
    link_label: str = ""


@dataclass(frozen=True)
class ModuleSpec:
    name: str
    package: str
    depends_on: tuple[str, ...] = ()
    tables: tuple[type[Table], ...] = ()
    migrations: tuple[Migration, ...] = ()
    # litestar controllers and route handlers (API and pages), each with its own guards.
    routes: tuple[Any, ...] = ()
    templates: Path | None = None
    # Its gettext catalogues (`messages` and `js` domains); by default `locale/` beside
    # `module.py`, when that folder exists.
    locale: Path | None = None
    # Packages without a spec of their own whose messages this module's catalogues keep.
    also_translates: tuple[str, ...] = ()
    # Served at /static/<name>/.
    static: Path | None = None
    # The events this module publishes (its `events.py`): names are unique across modules.
    publishes: tuple[EventType[Any], ...] = ()
    consumers: tuple[Consumer[Any], ...] = ()
    jobs: tuple[Job[Any], ...] = ()
    # click commands added to `lakou`.
    commands: tuple[Any, ...] = ()
    nav: tuple[NavEntry, ...] = ()
    # The notifications it sends (`infra.notifications`): names are unique across modules.
    notifications: tuple[NotificationKind, ...] = ()
    permissions: tuple[str, ...] = ()
    # What it keeps about people, and how it exports and erases it (`infra.personal_data`).
    personal_data: PersonalData | None = None
    # Reads the module's own `LAKOU_<NAME>_*` variables once at start-up; what it returns is
    # registered as a service (errors name the variable, like the core settings).
    settings: Callable[[SettingsReader], object] | None = None
    # Helpers every page template gets, given the interface language.
    template_globals: Callable[[str], Mapping[str, Any]] | None = None
    # Lines shown above every page to a visitor (None when not signed in); cheap, no I/O: it
    # reads what the visitor already carries.
    page_notices: Callable[[Any], Sequence[PageNotice]] | None = None
    # For modules wired outside the core composition root (extensions): register services.
    wire: Callable[[Services], None] | None = None
    description: str = ""
    extension: bool = field(default=False, compare=False)


def locale_dir(spec: ModuleSpec) -> Path | None:
    """Where the module's catalogues live, or None when it has no translatable text."""
    if spec.locale is not None:
        return spec.locale
    found = importlib.util.find_spec(spec.package)
    if found is None or not found.submodule_search_locations:
        return None
    folder = Path(next(iter(found.submodule_search_locations))) / "locale"
    return folder if folder.is_dir() else None


def ordered(specs: Iterable[ModuleSpec]) -> list[ModuleSpec]:
    """Specs in dependency order (dependencies first), stable otherwise.

    Table creation and migrations follow this order, so a table's foreign keys always point at
    tables that already exist.
    """
    by_name: dict[str, ModuleSpec] = {}
    for spec in specs:
        if spec.name in by_name:
            raise ModuleError(f"two modules are named {spec.name!r}")
        by_name[spec.name] = spec
    for spec in by_name.values():
        missing = [name for name in spec.depends_on if name not in by_name]
        if missing:
            raise ModuleError(
                f"module {spec.name!r} depends on {', '.join(missing)}, which is not enabled"
            )
    result: list[ModuleSpec] = []
    state: dict[str, str] = {}

    def visit(spec: ModuleSpec, path: tuple[str, ...]) -> None:
        if state.get(spec.name) == "done":
            return
        if state.get(spec.name) == "visiting":
            cycle = " -> ".join((*path, spec.name))
            raise ModuleError(f"module dependencies form a cycle: {cycle}")
        state[spec.name] = "visiting"
        for name in spec.depends_on:
            visit(by_name[name], (*path, spec.name))
        state[spec.name] = "done"
        result.append(spec)

    for spec in by_name.values():
        visit(spec, ())
    return result


def all_tables(specs: Sequence[ModuleSpec]) -> tuple[type[Table], ...]:
    return tuple(table for spec in specs for table in spec.tables)


def all_migrations(specs: Sequence[ModuleSpec]) -> tuple[Migration, ...]:
    return tuple(migration for spec in specs for migration in spec.migrations)


def consumers_by_event(specs: Sequence[ModuleSpec]) -> dict[str, list[Consumer[Any]]]:
    routes: dict[str, list[Consumer[Any]]] = {}
    actors: dict[str, str] = {}
    for spec in specs:
        for consumer in spec.consumers:
            if consumer.actor in actors:
                raise ModuleError(
                    f"actor {consumer.actor!r} is declared by {actors[consumer.actor]!r} "
                    f"and {spec.name!r}"
                )
            actors[consumer.actor] = spec.name
            for event in consumer.events:
                routes.setdefault(event.name, []).append(consumer)
    return routes


def check_events(specs: Sequence[ModuleSpec]) -> None:
    """Each event has one publisher, and every consumed event is published by a module."""
    publishers: dict[str, str] = {}
    for spec in specs:
        for event in spec.publishes:
            if event.name in publishers:
                raise ModuleError(
                    f"event {event.name!r} is published by {publishers[event.name]!r} "
                    f"and {spec.name!r}"
                )
            publishers[event.name] = spec.name
    for spec in specs:
        for consumer in spec.consumers:
            for event in consumer.events:
                if event.name not in publishers:
                    raise ModuleError(
                        f"module {spec.name!r} consumes {event.name!r}, "
                        "which no enabled module publishes"
                    )
