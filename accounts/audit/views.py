"""The audit log as staff read it: entries with their actor's name, a compact diff, CSV rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from accounts.audit.filters import AuditFilter
from accounts.audit.names import ActorNames
from accounts.audit.queries import AuditEntry, all_entries
from infra.csv_cells import safe_cell

CSV_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "organisation_id",
    "before",
    "after",
    "request_id",
    "client_ip",
)
# Names looked up per batch of exported entries.
_NAME_BATCH = 500


@dataclass(frozen=True)
class Change:
    """One field of an entry: its value before and after (JSON text; "" when absent)."""

    field: str
    before: str
    after: str


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def changes(entry: AuditEntry) -> list[Change]:
    """The entry's fields in name order, each with what it was and what it became."""
    fields = sorted(entry.before.keys() | entry.after.keys())
    return [
        Change(
            field,
            compact(entry.before[field]) if field in entry.before else "",
            compact(entry.after[field]) if field in entry.after else "",
        )
        for field in fields
    ]


async def actor_names(names: ActorNames, entries: Iterable[AuditEntry]) -> dict[UUID, str]:
    return await names.names(entry.actor_id for entry in entries if entry.actor_id)


def csv_row(entry: AuditEntry, actors: dict[UUID, str]) -> list[str]:
    """Every text a person could have typed goes through `safe_cell` (no formula runs)."""
    actor = actors.get(entry.actor_id, "") if entry.actor_id else ""
    return [
        entry.occurred_at.isoformat(timespec="seconds"),
        str(entry.actor_id or ""),
        safe_cell(actor),
        safe_cell(entry.action),
        safe_cell(entry.object_type),
        safe_cell(entry.object_id),
        str(entry.organisation_id or ""),
        safe_cell(compact(entry.before)),
        safe_cell(compact(entry.after)),
        safe_cell(entry.request_id or ""),
        safe_cell(entry.client_ip or ""),
    ]


def _line(cells: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


async def csv_lines(found: AuditFilter, names: ActorNames) -> AsyncIterator[str]:
    """The export, header first, produced as the entries are read (never all in memory)."""
    yield _line(CSV_COLUMNS)
    batch: list[AuditEntry] = []
    async for entry in all_entries(found):
        batch.append(entry)
        if len(batch) == _NAME_BATCH:
            yield await _lines(batch, names)
            batch = []
    if batch:
        yield await _lines(batch, names)


async def _lines(batch: list[AuditEntry], names: ActorNames) -> str:
    actors = await actor_names(names, batch)
    return "".join(_line(csv_row(entry, actors)) for entry in batch)
