"""The back office's orders: `/staff/commandes` (filtered, newest first, a page at a time) and
one order's page with its refund form, which refunds through the same service as the API."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_staff
from infra.errors import AppError, NotFound, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext
from infra.i18n.formatting import money
from infra.services import Services
from marketplace.catalogue.pages import NOT_FOUND_PAGE
from marketplace.orders.domain import OrderStatus
from marketplace.orders.errors import OrderError
from marketplace.orders.pages import STATUS_LABELS, status_label
from marketplace.orders.staff_orders import (
    PAGE_SIZE,
    ListedOrder,
    OrderDocument,
    OrderDocuments,
    StaffOrders,
    decode_cursor,
    encode_cursor,
    parse_search,
)

STAFF_ONLY_PAGE = "orders/staff_only.html"
LIST = "/staff/commandes"
ORDER = LIST + "/{order_id:uuid}"
# The API's message counts cents; a person reads the rest in euros.
REFUND_RANGE = N_("Il reste %(left)s à rembourser : indiquez un montant jusqu'à ce reste.")
DOCUMENT_KINDS = {"receipt": N_("Reçu"), "credit_note": N_("Avoir")}


def _message(error: AppError) -> str:
    if error.error is OrderError.INVALID_REFUND_AMOUNT:
        return gettext(REFUND_RANGE) % {"left": money(int(error.params.get("left", 0)))}
    return fill(gettext(error.error.message), error.params)


def provide_documents(state: State) -> OrderDocuments | None:
    """The documents module's, when it is enabled."""
    services: Services = state.services
    kind: type[Any] = OrderDocuments
    return services.get(kind) if kind in services else None


def _older_url(values: dict[str, str], found: list[ListedOrder]) -> str | None:
    if len(found) < PAGE_SIZE:
        return None
    kept = [(name, value) for name, value in values.items() if value]
    return f"{LIST}?" + urlencode([*kept, ("cursor", encode_cursor(found[-1].order.id))])


class StaffOrderPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_staff]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=STAFF_ONLY_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "orders": provide_service(StaffOrders),
        "documents": Provide(provide_documents, sync_to_thread=False),
    }

    @get(LIST)
    async def orders_list(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        orders: NamedDependency[StaffOrders],
    ) -> Template:
        values = {name: request.query_params.get(name, "")[:300] for name in ("etat", "q")}
        context: dict[str, Any] = {
            "values": values,
            "states": [(state.value, STATUS_LABELS[state.value]) for state in OrderStatus],
            "status_label": status_label,
        }
        try:
            search = parse_search(values["etat"], values["q"])
            found = await orders.search(
                me, search, decode_cursor(request.query_params.get("cursor"))
            )
        except AppError as error:
            if error.status_code >= 500:
                raise
            return render(
                request,
                "orders/staff_orders.html",
                me,
                error.status_code,
                rows=[],
                older_url=None,
                error=_message(error),
                **context,
            )
        return render(
            request,
            "orders/staff_orders.html",
            me,
            rows=found,
            older_url=_older_url(values, found),
            **context,
        )

    @get(ORDER)
    async def order(
        self,
        request: Request[Any, Any, Any],
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        orders: NamedDependency[StaffOrders],
        documents: NamedDependency[OrderDocuments | None],
    ) -> Template:
        return await self._order(request, order_id, me, orders, documents)

    async def _order(
        self,
        request: Request[Any, Any, Any],
        order_id: UUID,
        me: Principal,
        orders: StaffOrders,
        documents: OrderDocuments | None,
        status_code: int = 200,
        error: str | None = None,
        form: dict[str, str] | None = None,
    ) -> Template:
        found = await orders.file(me, order_id)
        issued: list[OrderDocument] = (
            await documents.documents_of(me, order_id) if documents is not None else []
        )
        response = render(
            request,
            "orders/staff_order.html",
            me,
            status_code,
            file=found,
            order=found.order,
            documents=issued,
            document_kind=lambda kind: (
                gettext(DOCUMENT_KINDS[kind]) if kind in DOCUMENT_KINDS else kind
            ),
            status_label=status_label,
            error=error,
            form=form or {"amount": "", "reason": ""},
            refunded=bool(request.query_params.get("rembourse")),
            # One key per rendering of the form: a double click asks for one refund.
            refund_key=secrets.token_urlsafe(24),
        )
        response.headers["cache-control"] = "no-store"
        return response

    @get(ORDER + "/documents/{document_number:str}", media_type="application/pdf")
    async def document(
        self,
        order_id: FromPath[UUID],
        document_number: FromPath[str],
        me: NamedDependency[Principal],
        documents: NamedDependency[OrderDocuments | None],
    ) -> Response[bytes]:
        """A receipt or credit note for staff's browser (the API's route wants a token)."""
        if documents is None:
            raise NotFound(OrderError.ORDER_NOT_FOUND)
        filename, body = await documents.pdf(me, order_id, document_number[:60])
        return Response(
            content=body,
            media_type="application/pdf",
            headers={
                "content-disposition": f'inline; filename="{filename}"',
                "cache-control": "private, no-store",
            },
        )

    @post(ORDER + "/remboursement", opt={AFTER_LOGIN: "/staff/commandes/{order_id}"})
    async def refund(
        self,
        request: Request[Any, Any, Any],
        order_id: FromPath[UUID],
        me: NamedDependency[Principal],
        orders: NamedDependency[StaffOrders],
        documents: NamedDependency[OrderDocuments | None],
    ) -> Template | Redirect:
        data = await request.form()
        form = {
            "amount": str(data.get("amount", "") or "")[:40],
            "reason": str(data.get("reason", "") or "")[:2000],
        }
        try:
            key = str(data.get("refund_key", "") or "")[:64] or None
            await orders.refund(me, order_id, form["amount"], form["reason"], key)
        except AppError as error:
            if error.status_code == 404 or error.status_code >= 500:
                raise
            return await self._order(
                request, order_id, me, orders, documents, error.status_code, _message(error), form
            )
        return Redirect(f"{LIST}/{order_id}?rembourse=1", status_code=303)
