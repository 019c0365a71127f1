"""Accounts: people, sign-up and sign-in, sessions and API tokens."""

from __future__ import annotations

from pathlib import Path

from accounts import tables
from accounts.commands import createuser
from accounts.controllers import AuthController
from accounts.pages import IdentityPages
from infra.modules import ModuleSpec

MODULE = ModuleSpec(
    name="accounts",
    package="accounts",
    description="people, sign-up and sign-in, sessions and API tokens",
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(AuthController, IdentityPages),
    templates=Path(__file__).parent / "templates",
    commands=(createuser,),
)
