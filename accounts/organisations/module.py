"""Organisations: the structures that act on Lakou, their members, and staff's verification."""

from __future__ import annotations

from pathlib import Path

from accounts.organisations import events, tables
from accounts.organisations.capabilities import CAPABILITIES
from accounts.organisations.controllers import OrganisationController
from accounts.organisations.member_pages import MemberPages
from accounts.organisations.notifications import KINDS
from accounts.organisations.pages import OrganisationPages
from accounts.organisations.personal_data import PERSONAL_DATA
from accounts.organisations.second_factor import OrganisationSettings, wire
from accounts.organisations.staff_controllers import StaffOrganisationController
from accounts.organisations.staff_pages import StaffOrganisationPages
from infra.i18n.context import N_
from infra.modules import ModuleSpec, NavEntry

MODULE = ModuleSpec(
    name="organisations",
    package="accounts.organisations",
    description="organisations, their members and invitations, and their verification by staff",
    depends_on=("accounts",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(
        OrganisationController,
        StaffOrganisationController,
        OrganisationPages,
        MemberPages,
        StaffOrganisationPages,
    ),
    templates=Path(__file__).parent / "templates",
    publishes=events.PUBLISHED,
    notifications=KINDS,
    permissions=tuple(capability.name for capability in CAPABILITIES),
    nav=(
        NavEntry(
            N_("Organisations"),
            "/organisations",
            order=70,
            audience="signed_in",
            also_current=("/invitations",),
        ),
        NavEntry(N_("Vérifications"), "/staff/organisations", order=88, audience="staff"),
    ),
    personal_data=PERSONAL_DATA,
    settings=OrganisationSettings.read,
    wire=wire,
)
