"""The audit log: what staff and organisation admins did, read and exported by staff."""

from __future__ import annotations

from pathlib import Path

from accounts.audit import tables
from accounts.audit.controllers import AuditController
from accounts.audit.pages import AuditPages
from accounts.audit.personal_data import PERSONAL_DATA
from infra.i18n.context import N_
from infra.modules import ModuleSpec, NavEntry

MODULE = ModuleSpec(
    name="audit",
    package="accounts.audit",
    description="the audit log of staff and organisation-admin actions, read and exported by staff",
    depends_on=("accounts",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(AuditController, AuditPages),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
    nav=(NavEntry(N_("Journal"), "/staff/journal", order=90, audience="staff"),),
    personal_data=PERSONAL_DATA,
)
