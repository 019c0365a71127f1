"""Accounts: people, sign-up and sign-in, sessions and API tokens, address checks, password
reset and address change by mail, the TOTP second factor."""

from __future__ import annotations

from pathlib import Path

from accounts import tables
from accounts.account_pages import AccountPages
from accounts.commands import createuser
from accounts.controllers import AuthController
from accounts.flows import AccountFlows
from accounts.notices import KINDS
from accounts.page_notices import account_notices
from accounts.pages import IdentityPages
from accounts.personal_data import PERSONAL_DATA
from accounts.second_factor_policy import TotpRequirements
from accounts.security_api import SecurityController
from accounts.service import IdentityService
from accounts.settings import AccountSettings
from infra.i18n.context import N_
from infra.modules import ModuleSpec, NavEntry
from infra.notifications import Notifier
from infra.services import Services
from infra.settings import Settings


def wire(services: Services) -> None:
    def notifier() -> Notifier | None:
        # Looked up when a mail is due: the notifications module registers it after this one.
        port: type[Notifier] = Notifier  # type: ignore[type-abstract]
        return services.get(port) if port in services else None

    settings = services.get(AccountSettings)
    public_url = services.get(Settings).http.public_url
    services.register(AccountFlows(services.get(IdentityService), settings, notifier, public_url))
    services.register(TotpRequirements(staff=settings.require_totp_for_staff))


MODULE = ModuleSpec(
    name="accounts",
    package="accounts",
    description="people, sign-up and sign-in, sessions and API tokens, address checks, "
    "password reset and address change by mail, the TOTP second factor",
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(AuthController, SecurityController, IdentityPages, AccountPages),
    templates=Path(__file__).parent / "templates",
    commands=(createuser,),
    notifications=KINDS,
    nav=(
        NavEntry(
            N_("Mon compte"),
            "/compte/securite",
            order=88,
            audience="signed_in",
            also_current=("/compte",),
            element_id="nav-account",
        ),
    ),
    settings=AccountSettings.read,
    wire=wire,
    personal_data=PERSONAL_DATA,
    page_notices=account_notices,
)
