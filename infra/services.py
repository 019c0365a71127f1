"""A registry of a process's services, keyed by their type.

The composition root registers each service it builds once; consumers, jobs and litestar
dependencies ask for one by type. An extension's module registers its own the same way, so
nothing has to add a field to a central class to plug a module in.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar, cast

T = TypeVar("T")


class MissingService(LookupError):
    """No service of that type was registered; the message names the type."""


class Services:
    def __init__(self) -> None:
        self._by_type: dict[type[Any], object] = {}

    def register(self, instance: object, *, as_type: type[Any] | None = None) -> None:
        key = as_type or type(instance)
        if key in self._by_type:
            raise ValueError(f"a {key.__qualname__} is already registered")
        self._by_type[key] = instance

    def replace(self, instance: object, *, as_type: type[Any] | None = None) -> None:
        """Swap a registered service (tests put a fake or a faulty network in front)."""
        self._by_type[as_type or type(instance)] = instance

    def get(self, kind: type[T]) -> T:
        try:
            return cast(T, self._by_type[kind])
        except KeyError:
            raise MissingService(f"no {kind.__qualname__} is registered") from None

    def __contains__(self, kind: type[Any]) -> bool:
        return kind in self._by_type


class ServiceLookup(Protocol):
    """What a module's CLI command receives (`@click.pass_obj`): services by type."""

    def get(self, kind: type[T]) -> T: ...
