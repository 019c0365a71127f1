"""Which consumers each event type goes to, by actor name (see `workers.actors`)."""

from __future__ import annotations

from infra.events.relay import Route, Routes

RECORD_ACTIVITY = Route(actor="activity.record_work_event")
# Transcoding has its own queue so a long film never delays the light consumers.
PROCESS_MEDIA = Route(actor="media.process_asset", queue="media")
FOLLOW_MEDIA = Route(actor="catalogue.follow_media")
# A payment notification (webhook, test payment, reconciliation) settles its order.
SETTLE_PAYMENT = Route(actor="orders.settle_payment", queue="payments")

ROUTES: Routes = {
    "work.created": (RECORD_ACTIVITY,),
    "work.published": (RECORD_ACTIVITY,),
    "work.withdrawn": (RECORD_ACTIVITY,),
    "media.uploaded": (PROCESS_MEDIA,),
    "media.processing": (FOLLOW_MEDIA,),
    "media.ready": (FOLLOW_MEDIA,),
    "media.failed": (FOLLOW_MEDIA,),
    "media.rejected": (FOLLOW_MEDIA,),
    "payment.notified": (SETTLE_PAYMENT,),
}

# Search re-reads a work on every change that can alter what it shows (search/service.py).
INDEX_WORK = Route(actor="search.index_work")
SEARCH_EVENTS = (
    "work.published",
    "work.updated",
    "work.withdrawn",
    "media.ready",
    "creator.updated",
    "offer.updated",
)
ROUTES = {**ROUTES, **{event: (*ROUTES.get(event, ()), INDEX_WORK) for event in SEARCH_EVENTS}}

# Revenue allocates each sale to its rights holders and pays them out (marketplace/revenue).
ALLOCATE_SALE = Route(actor="revenue.allocate_sale")
REVERSE_REFUND = Route(actor="revenue.reverse_refund")
# Payout runs can send many transfers: their own queue, like transcoding.
EXECUTE_PAYOUT_RUN = Route(actor="revenue.execute_payout_run", queue="payouts")
ROUTES = {
    **ROUTES,
    "order.paid": (*ROUTES.get("order.paid", ()), ALLOCATE_SALE),
    "order.refunded": (*ROUTES.get("order.refunded", ()), REVERSE_REFUND),
    "payout.run_requested": (EXECUTE_PAYOUT_RUN,),
}
