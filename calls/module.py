"""Calls: calls with a deadline, eligibility, a form, reviewers, scores and decisions, for any
module that opens them for its own scope (markets' calls for entries, later calls for projects
and programme applications)."""

from __future__ import annotations

from pathlib import Path

from calls import events, tables
from calls.controllers import (
    CallController,
    ReviewController,
    SubmissionController,
)
from calls.notifications import KINDS
from calls.pages import CallPages
from calls.personal_data import PERSONAL_DATA
from calls.submission_pages import SubmissionPages
from infra.i18n.context import N_
from infra.modules import ModuleSpec, NavEntry

MODULE = ModuleSpec(
    name="calls",
    package="calls",
    description=(
        "calls with a deadline, eligibility, a form, reviewers with a scoring grid and "
        "decisions, for an owner scope given by the module that opens them"
    ),
    depends_on=("accounts",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(CallController, SubmissionController, ReviewController, CallPages, SubmissionPages),
    templates=Path(__file__).parent / "templates",
    publishes=events.PUBLISHED,
    notifications=KINDS,
    nav=(NavEntry(N_("Appels"), "/appels", order=45),),
    personal_data=PERSONAL_DATA,
)
