"""Bulk catalogue import: one manifest, many works and their media files."""

from __future__ import annotations

from infra.modules import ModuleSpec
from marketplace.imports import tables
from marketplace.imports.commands import import_catalogue
from marketplace.imports.controllers import ImportController
from marketplace.imports.personal_data import PERSONAL_DATA

MODULE = ModuleSpec(
    name="imports",
    package="marketplace.imports",
    description="bulk catalogue import: a manifest of works and their files, row by row",
    depends_on=("catalogue", "media"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(ImportController,),
    commands=(import_catalogue,),
    personal_data=PERSONAL_DATA,
)
