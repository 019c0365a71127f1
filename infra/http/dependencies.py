"""Services as litestar dependencies, from the registry the composition root fills.

`dependencies = {"shelf": provide_service(ShelfService)}` on a controller gives its handlers
the registered `ShelfService`; nothing reads the container by hand.
"""

from __future__ import annotations

from typing import Any

from litestar.datastructures import State
from litestar.di import Provide

from infra.services import Services


def provide_service(kind: type[Any]) -> Provide:
    """The registered service of type `kind` (a port's type for adapters: `ObjectStorage`)."""

    def lookup(state: State) -> Any:
        services: Services = state.services
        return services.get(kind)

    return Provide(lookup, sync_to_thread=False)
