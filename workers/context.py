"""The container the actors of this process use, set once where the worker starts."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infra.bootstrap import Container

_container: Container | None = None


def set_container(container: Container) -> None:
    global _container
    _container = container


def current_container() -> Container:
    if _container is None:
        raise RuntimeError("the worker's container was not set (workers.context.set_container)")
    return _container


async def services() -> Container:
    """The container, with a database pool open on this worker loop (opened once per loop)."""
    from infra.db.engine import ensure_pool

    container = current_container()
    await ensure_pool(container.engine, container.settings.database.pool_size)
    return container
