"""The imports module's part of a person's data: exported with its rows, erased with them."""

from __future__ import annotations

from datetime import UTC, datetime

from infra.ids import new_id
from lakou.bootstrap import Container
from marketplace.imports.personal_data import erase, export
from marketplace.imports.tables import ImportLineRow, ImportRow


async def _import(owner: object) -> object:
    import_id = new_id()
    await ImportRow.insert(
        ImportRow(
            id=import_id,
            creator_id=new_id(),
            owner_id=owner,
            started_by=owner,
            format="csv",
            manifest_sha256="0" * 64,
            row_count=1,
            created_at=datetime.now(UTC),
        )
    )
    await ImportLineRow.insert(
        ImportLineRow(
            id=new_id(), import_id=import_id, row_number=1, status="invalid", title="Bèlè lalin"
        )
    )
    return import_id


async def test_a_persons_imports_are_exported_and_erased_and_nobody_elses(
    container: Container,
) -> None:
    person, other = new_id(), new_id()
    await _import(person)
    kept = await _import(other)

    part = await export(container.services, person)
    assert len(part["imports"]) == 1
    assert [row["title"] for row in part["rows"]] == ["Bèlè lalin"]

    await erase(container.services, person, new_id())
    assert await ImportRow.count().where(ImportRow.owner_id == person) == 0
    assert await ImportLineRow.count() == 1
    assert [row["id"] for row in await ImportRow.select(ImportRow.id)] == [kept]
