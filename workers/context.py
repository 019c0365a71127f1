"""The container the actors of this process use, set once where the worker starts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from piccolo.engine.base import Engine

from infra.modules import ModuleSpec
from infra.services import Services
from infra.settings import Settings


class WorkerContainer(Protocol):
    """What the runtime needs of the composition root's container (it never imports `lakou`)."""

    @property
    def settings(self) -> Settings: ...
    @property
    def engine(self) -> Engine[Any]: ...
    @property
    def services(self) -> Services: ...
    @property
    def modules(self) -> Sequence[ModuleSpec]: ...


_container: WorkerContainer | None = None


def set_container(container: WorkerContainer) -> None:
    global _container
    _container = container


def current_container() -> WorkerContainer:
    if _container is None:
        raise RuntimeError("the worker's container was not set (workers.context.set_container)")
    return _container


async def services() -> Services:
    """The services, with a database pool open on this worker loop (opened once per loop)."""
    from infra.db.engine import ensure_pool

    container = current_container()
    await ensure_pool(container.engine, container.settings.database.pool_size)
    return container.services
