"""The frozen data step that retires the self-service `partner` and `organiser` roles.

Those roles were a checkbox at sign-up and granted the partner search view (or nothing): each
such account now owns an unverified organisation named after the person (an export partner or
an organiser), to complete and send for verification, and becomes an audience account. Plain SQL
with parameters: the step must not depend on the live Table classes, which later migrations may
change. Only accounts still holding a former role are read, so running it again changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from piccolo.engine.base import Engine
from piccolo.querystring import QueryString

FORMER_ROLES = {"partner": "export_partner", "organiser": "organiser"}


async def organisations_for_former_roles(engine: Engine[Any]) -> None:
    rows = await engine.run_querystring(
        QueryString(
            "SELECT id, display_name, email, role FROM lakou_users WHERE role IN ({}, {})",
            *FORMER_ROLES,
        )
    )
    now = datetime.now(UTC)
    for row in rows or []:
        organisation_id = uuid4()
        name = (row["display_name"] or str(row["email"]).split("@")[0])[:200]
        await engine.run_querystring(
            QueryString(
                "INSERT INTO lakou_organisations (id, kind, name, street, postcode, city, "
                "country, state, state_reason, created_by, created_at, updated_at) "
                "VALUES ({}, {}, {}, '', '', '', 'MQ', 'unverified', '', {}, {}, {})",
                organisation_id,
                FORMER_ROLES[row["role"]],
                name,
                row["id"],
                now,
                now,
            )
        )
        await engine.run_querystring(
            QueryString(
                'INSERT INTO lakou_organisation_members (id, organisation, "user", role, '
                "joined_at) VALUES ({}, {}, {}, 'owner', {})",
                uuid4(),
                organisation_id,
                row["id"],
                now,
            )
        )
        await engine.run_querystring(
            QueryString("UPDATE lakou_users SET role = 'audience' WHERE id = {}", row["id"])
        )
