"""catalogue.0003 fills creators' commune codes from their text, on the suite's engine."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID, uuid4

import pytest
from piccolo.querystring import QueryString

from infra.db.migrations import migrate
from infra.modules import all_migrations, ordered
from lakou.modules import CORE_MODULES
from tests.integration.test_schema import ScratchDatabases

# Migrates scratch databases of the suite's engine: the SQLite pass runs it too.
pytestmark = pytest.mark.engine_specific


async def test_the_data_step_fills_codes_and_keeps_unmatched_text(tmp_path: Path) -> None:
    scratch = ScratchDatabases(tmp_path)
    try:
        _, engine = await scratch.create("communes")
        migrations = list(all_migrations(tuple(ordered(CORE_MODULES))))
        ids = [m.id for m in migrations]
        fill = ids.index("catalogue.0003_creator_commune_codes_filled")
        await migrate(engine, migrations[:fill])

        rows = {"fort de france": uuid4(), "Paris": uuid4(), "Ste Marie": uuid4()}
        for commune, row_id in rows.items():
            await engine.run_querystring(
                QueryString(
                    "INSERT INTO lakou_creators (id, owner_id, kind, name, commune) "
                    "VALUES ({}, {}, 'person', 'Ti Jo', {})",
                    row_id,
                    uuid4(),
                    commune,
                )
            )
        await engine.run_querystring(
            QueryString(
                "INSERT INTO lakou_creators (id, owner_id, kind, name) VALUES ({}, {}, 'person', 'X')",
                uuid4(),
                uuid4(),
            )
        )

        assert await migrate(engine, migrations) == ids[fill:]
        found = await engine.run_ddl("SELECT id, commune, commune_code FROM lakou_creators")
        by_id = {UUID(str(row["id"])): (row["commune"], row["commune_code"]) for row in found}
        assert by_id[rows["fort de france"]] == ("fort de france", "97209")
        assert by_id[rows["Paris"]] == ("Paris", None)
        assert by_id[rows["Ste Marie"]] == ("Ste Marie", "97228")
        assert sorted(code for _, code in by_id.values() if code) == ["97209", "97228"]

        # Idempotent: the step again changes nothing.
        step = migrations[fill]
        await step.apply(engine)
        again = await engine.run_ddl("SELECT id, commune, commune_code FROM lakou_creators")
        assert {UUID(str(r["id"])): (r["commune"], r["commune_code"]) for r in again} == by_id
    finally:
        await scratch.drop()
