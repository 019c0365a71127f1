"""Which consumers each event type goes to, by actor name (see `workers.actors`)."""

from __future__ import annotations

from infra.events.relay import Route, Routes

RECORD_ACTIVITY = Route(actor="activity.record_work_event")

ROUTES: Routes = {
    "work.created": (RECORD_ACTIVITY,),
    "work.published": (RECORD_ACTIVITY,),
    "work.withdrawn": (RECORD_ACTIVITY,),
}
