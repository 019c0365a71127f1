"""The imports module's part of a person's data: the catalogue manifests they sent.

An import is the person's record of sending a catalogue (row titles, file names, outcomes);
the works it made are the catalogue's. Erasing deletes the imports, their rows with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from infra.personal_data import PersonalData, section
from infra.services import Services
from marketplace.imports.tables import ImportLineRow, ImportRow


def _theirs(user_id: UUID) -> Any:
    return (ImportRow.owner_id == user_id) | (ImportRow.started_by == user_id)


async def export(_: Services, user_id: UUID) -> Mapping[str, Any]:
    imports = await ImportRow.select(
        ImportRow.id,
        ImportRow.creator_id,
        ImportRow.format,
        ImportRow.row_count,
        ImportRow.created_at,
    ).where(_theirs(user_id))
    rows = (
        await ImportLineRow.select(
            ImportLineRow.import_id,
            ImportLineRow.row_number,
            ImportLineRow.status,
            ImportLineRow.title,
            ImportLineRow.file_name,
            ImportLineRow.work_id,
        ).where(ImportLineRow.import_id.is_in([row["id"] for row in imports]))
        if imports
        else []
    )
    return section({"imports": imports, "rows": rows})


async def erase(_: Services, user_id: UUID, __: UUID) -> None:
    await ImportRow.delete().where(_theirs(user_id))


PERSONAL_DATA = PersonalData(export=export, erase=erase)
