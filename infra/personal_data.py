"""What a module keeps about a person, and how it gives it back or lets it go (GDPR art. 15,
17 and 20).

A module that stores rows about people declares a `PersonalData` in its spec
(`ModuleSpec.personal_data`), the way it declares its tables: the privacy service
(`accounts.privacy`) loops over the declarations to build a person's archive and to erase an
account, and knows no module. Each module decides what "erase" means for its rows: delete
them, or detach them (replace the person's id by the deletion's tombstone id, an id that names
no one) when a law or another person's rights require keeping them (invoices, ledgers).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from infra.services import Services


@dataclass(frozen=True)
class PersonalFile:
    """A stored object (`key` in the object storage) put in the archive as `name`."""

    key: str
    name: str


# (services, user_id) -> the module's rows about the person, JSON-safe values only.
Exporter = Callable[[Services, UUID], Awaitable[Mapping[str, Any]]]
# (services, user_id) -> the person's files; the archive streams them from the storage.
FileLister = Callable[[Services, UUID], Awaitable[Sequence[PersonalFile]]]
# (services, user_id, tombstone) -> None. Runs inside the deletion's one transaction; every
# module detaches with the same tombstone, so kept rows still match each other (an order and
# its ledger entries) without matching anyone.
Eraser = Callable[[Services, UUID, UUID], Awaitable[None]]
# (services, user_id) -> True while something of the person's is in flight that erasing would
# break (a payment being made, a payout on its way): the deletion waits for it.
Blocker = Callable[[Services, UUID], Awaitable[bool]]


@dataclass(frozen=True)
class PersonalData:
    export: Exporter
    erase: Eraser | None = None
    files: FileLister | None = None
    blocks_erasure: Blocker | None = None
    # What this part of the archive holds, French source (`N_`-marked), for its README.
    description: str = ""


@dataclass(frozen=True)
class PersonalDataSources:
    """The enabled modules' declarations, by module name, dependencies first."""

    by_module: tuple[tuple[str, PersonalData], ...]


def json_safe(value: Any) -> Any:
    """Rows as the database gave them, made JSON-safe (ids and times as strings)."""
    if isinstance(value, Mapping):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def section(parts: Mapping[str, Any]) -> dict[str, Any]:
    """A module's part of the archive: its named lists of rows, JSON-safe."""
    return {str(name): json_safe(rows) for name, rows in parts.items()}
