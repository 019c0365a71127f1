"""`lakou createuser` grants a role outside any request: the audit log keeps it."""

from __future__ import annotations

import asyncio

from click.testing import CliRunner

from accounts.audit.tables import AuditEntryRow
from accounts.commands import createuser
from lakou.bootstrap import Container


async def test_an_account_made_by_the_operator_is_in_the_audit_log(container: Container) -> None:
    result = await asyncio.to_thread(
        CliRunner().invoke,
        createuser,
        ["--email", "boss@example.test", "--role", "staff", "--password-stdin"],
        input="correct horse battery\n",
        obj=container.services,
    )
    assert result.exit_code == 0, result.output
    [entry] = await AuditEntryRow.select().where(AuditEntryRow.action == "user.created")
    assert entry["actor_id"] is None
    assert entry["object_id"] in result.output
    assert "staff" in str(entry["after"])
