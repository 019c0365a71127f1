"""The notifications the enabled modules declare, and where each one's templates live."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from infra.modules import ModuleError, ModuleSpec
from infra.notifications import NotificationKind


@dataclass(frozen=True)
class DeclaredKind:
    kind: NotificationKind
    module: str


class NotificationKinds:
    """Every declared kind by name; two modules may not declare the same name."""

    def __init__(self, declared: Iterable[DeclaredKind] = ()) -> None:
        self._by_name: dict[str, DeclaredKind] = {}
        for item in declared:
            if item.kind.name in self._by_name:
                first = self._by_name[item.kind.name].module
                raise ModuleError(
                    f"notification {item.kind.name!r} is declared by {first!r} and {item.module!r}"
                )
            self._by_name[item.kind.name] = item

    @classmethod
    def from_modules(cls, modules: Iterable[ModuleSpec]) -> NotificationKinds:
        return cls(DeclaredKind(kind, spec.name) for spec in modules for kind in spec.notifications)

    def get(self, name: str) -> NotificationKind | None:
        found = self._by_name.get(name)
        return found.kind if found else None

    def require(self, kind: NotificationKind) -> NotificationKind:
        """The kind as declared; a module telling people something it never declared is a bug."""
        declared = self.get(kind.name)
        if declared is None:
            raise LookupError(f"notification {kind.name!r} is not declared by an enabled module")
        return declared

    def __iter__(self) -> Iterator[NotificationKind]:
        return (item.kind for item in self._by_name.values())


def template_dirs(modules: Iterable[ModuleSpec]) -> list[Path]:
    return [spec.templates for spec in modules if spec.templates is not None]
