"""The activity log: what happened to a creator's works, as the creator sees it."""

from __future__ import annotations

from infra.modules import Consumer, ModuleSpec
from marketplace.activity import tables
from marketplace.activity.controllers import ActivityController
from marketplace.activity.personal_data import PERSONAL_DATA
from marketplace.activity.service import LOGGED_EVENTS, ActivityLog

MODULE = ModuleSpec(
    name="activity",
    package="marketplace.activity",
    description="the log of what happened to a creator's works",
    depends_on=("catalogue",),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(ActivityController,),
    consumers=(
        Consumer(
            actor="activity.record_work_event",
            events=LOGGED_EVENTS,
            service=ActivityLog,
            handle=ActivityLog.record,
        ),
    ),
    personal_data=PERSONAL_DATA,
)
