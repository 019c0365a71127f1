"""organisations.0002: the self-service partner and organiser accounts become audience accounts
that own an unverified organisation request named after them, on the suite's engine."""

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

STEP = "organisations.0002_former_roles_requests"


async def test_former_roles_get_an_unverified_organisation_and_lose_the_role(
    tmp_path: Path,
) -> None:
    scratch = ScratchDatabases(tmp_path)
    try:
        _, engine = await scratch.create("roles")
        migrations = list(all_migrations(tuple(ordered(CORE_MODULES))))
        ids = [m.id for m in migrations]
        step = ids.index(STEP)
        await migrate(engine, migrations[:step])

        people = {
            "partner": (uuid4(), "Lanmè Distribution"),
            "organiser": (uuid4(), ""),  # no display name: named after the address
            "creator": (uuid4(), "Man Ya"),
            "audience": (uuid4(), "Ti Jo"),
        }
        for role, (user_id, name) in people.items():
            await engine.run_querystring(
                QueryString(
                    "INSERT INTO lakou_users (id, email, password_hash, display_name, role) "
                    "VALUES ({}, {}, 'x', {}, {})",
                    user_id,
                    f"{role}@example.test",
                    name,
                    role,
                )
            )

        assert await migrate(engine, migrations) == ids[step:]

        roles = {
            UUID(str(row["id"])): row["role"]
            for row in await engine.run_ddl("SELECT id, role FROM lakou_users")
        }
        assert roles == {
            people["partner"][0]: "audience",
            people["organiser"][0]: "audience",
            people["creator"][0]: "creator",
            people["audience"][0]: "audience",
        }
        found = await engine.run_ddl(
            "SELECT o.name, o.kind, o.state, o.partner_kind, o.claim_key, m.role, m.user "
            "FROM lakou_organisations o JOIN lakou_organisation_members m ON m.organisation = o.id"
        )
        by_owner = {UUID(str(row["user"])): row for row in found}
        assert set(by_owner) == {people["partner"][0], people["organiser"][0]}
        partner = by_owner[people["partner"][0]]
        assert (partner["name"], partner["kind"], partner["state"], partner["role"]) == (
            "Lanmè Distribution",
            "export_partner",
            "unverified",
            "owner",
        )
        assert partner["partner_kind"] is None
        assert partner["claim_key"] is None
        organiser = by_owner[people["organiser"][0]]
        assert (organiser["name"], organiser["kind"]) == ("organiser", "organiser")

        # Idempotent: the step again changes nothing.
        await migrations[step].apply(engine)
        again = await engine.run_ddl("SELECT id FROM lakou_organisations")
        assert len(again) == 2
    finally:
        await scratch.drop()
