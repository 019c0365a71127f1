"""Partner API keys: an organisation's scoped, rotatable, revocable keys, and their guard."""

from __future__ import annotations

from pathlib import Path

from accounts.apikeys import tables
from accounts.apikeys.controllers import ApiKeyController, PartnerKeyController
from accounts.apikeys.pages import ApiKeyPages
from infra.modules import ModuleSpec

MODULE = ModuleSpec(
    name="apikeys",
    package="accounts.apikeys",
    description=(
        "organisations' API keys for the partner API: scopes, rotation with an overlap, "
        "revocation, a rate per key, every call in the audit log"
    ),
    depends_on=("organisations", "audit"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(ApiKeyController, PartnerKeyController, ApiKeyPages),
    templates=Path(__file__).parent / "templates",
    static=Path(__file__).parent / "static",
)
