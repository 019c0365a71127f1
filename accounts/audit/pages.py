"""`/staff/journal`: the audit log page, filtered by a GET form, newest first."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.response import Template

from accounts.audit.filters import (
    DEFAULT_LIMIT,
    FILTER_NAMES,
    decode_cursor,
    encode_cursor,
    parse_filter,
)
from accounts.audit.names import ActorNames
from accounts.audit.queries import AuditEntry, find_entries
from accounts.audit.views import actor_names, changes
from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_staff
from infra.errors import AppError, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext

STAFF_ONLY_PAGE = "audit/staff_only.html"


def _query_values(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The form's fields as given (shown back in the form), cut to a sane length."""
    return {name: request.query_params.get(name, "")[:200] for name in FILTER_NAMES}


def _older_url(values: dict[str, str], entries: list[AuditEntry]) -> str | None:
    if len(entries) < DEFAULT_LIMIT:
        return None
    kept = [(name, value) for name, value in values.items() if value]
    return "/staff/journal?" + urlencode([*kept, ("cursor", encode_cursor(entries[-1].id))])


class AuditPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_staff]
    exception_handlers = page_errors(forbidden=STAFF_ONLY_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "names": provide_service(ActorNames),
    }

    @get("/staff/journal")
    async def journal(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        names: NamedDependency[ActorNames],
    ) -> Template:
        values = _query_values(request)
        try:
            found = parse_filter(values)
            before_id = decode_cursor(request.query_params.get("cursor"))
        except AppError as error:
            return render(
                request,
                "audit/journal.html",
                me,
                status_code=error.status_code,
                values=values,
                rows=[],
                older_url=None,
                error=fill(gettext(error.error.message), error.params),
            )
        entries = await find_entries(found, before_id, DEFAULT_LIMIT)
        actors = await actor_names(names, entries)
        rows = [
            {
                "entry": entry,
                "actor": actors.get(entry.actor_id) if entry.actor_id else None,
                "changes": changes(entry),
            }
            for entry in entries
        ]
        return render(
            request,
            "audit/journal.html",
            me,
            values=values,
            rows=rows,
            older_url=_older_url(values, entries),
            export_url="/api/staff/audit.csv?"
            + urlencode([(name, value) for name, value in values.items() if value]),
        )
