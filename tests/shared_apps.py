"""Apps built once per shape and lent to one test client at a time.

Registering a few hundred routes takes seconds, far longer than most tests. An app depends on
its shape (`lakou.app.AppShape`: the modules and the settings its construction reads); the
container it serves is bound afterwards. So a test borrows an app of its container's shape,
bound to its container, and gives it back when its client closes. Two clients open at once
(a test's own container beside the `client` fixture's) borrow two apps, never one app bound to
two containers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.testing import AsyncTestClient

    from lakou.app import AppShape
    from lakou.bootstrap import Container

_FREE: dict[AppShape, list[Litestar]] = {}


@contextmanager
def borrowed_app(container: Container) -> Iterator[Litestar]:
    """An app of the container's shape serving it, until the block ends."""
    from lakou.app import AppShape, bind_container, build_app

    shape = AppShape.of(container)
    free = _FREE.setdefault(shape, [])
    app = free.pop() if free else build_app(shape)
    bind_container(app, container)
    try:
        yield app
    finally:
        free.append(app)


@asynccontextmanager
async def client_of(container: Container) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A test client on a borrowed app serving `container` (its lifespan opens the pool)."""
    from litestar.testing import AsyncTestClient

    with borrowed_app(container) as app:
        async with AsyncTestClient(app=app) as client:
            yield client
