"""Staff read the audit log over the API, a page of JSON or the whole selection as CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency, Provide
from litestar.response import Stream

from accounts.audit.filters import (
    AuditFilter,
    decode_cursor,
    encode_cursor,
    parse_filter,
    parse_limit,
)
from accounts.audit.names import ActorNames
from accounts.audit.queries import find_entries
from accounts.audit.views import actor_names, csv_lines
from accounts.guards import requires_staff
from infra.http.dependencies import provide_service


class AuditEntryOut(msgspec.Struct):
    id: UUID
    occurred_at: datetime
    actor_id: UUID | None
    actor_name: str | None  # None: the system, or an account since deleted
    action: str
    object_type: str
    object_id: str
    organisation_id: UUID | None
    before: dict[str, Any]  # only the fields that changed
    after: dict[str, Any]
    request_id: str | None
    client_ip: str | None


class AuditPage(msgspec.Struct):
    items: list[AuditEntryOut]
    next_cursor: str | None


def provide_filter(request: Request[Any, Any, Any]) -> AuditFilter:
    """The query string's filters (a bad one: 422 naming it, before anything is read)."""
    return parse_filter(request.query_params)


class AuditController(Controller):
    """Filters: actor (account id), action (a prefix: `order.`), object_type, object_id,
    organisation (id), from and to (a date, or an ISO 8601 moment)."""

    path = "/api/staff"
    tags = ["audit"]
    guards = [requires_staff]
    dependencies = {
        "names": provide_service(ActorNames),
        "found": Provide(provide_filter, sync_to_thread=False),
    }

    @get("/audit")
    async def list_entries(
        self,
        request: Request[Any, Any, Any],
        found: NamedDependency[AuditFilter],
        names: NamedDependency[ActorNames],
    ) -> AuditPage:
        """Staff: audit entries, newest first; `cursor` from the previous page, `limit` ≤ 200."""
        limit = parse_limit(request.query_params.get("limit"))
        before_id = decode_cursor(request.query_params.get("cursor"))
        entries = await find_entries(found, before_id, limit)
        actors = await actor_names(names, entries)
        return AuditPage(
            items=[
                AuditEntryOut(
                    **vars(entry),
                    actor_name=actors.get(entry.actor_id) if entry.actor_id else None,
                )
                for entry in entries
            ],
            next_cursor=encode_cursor(entries[-1].id) if len(entries) == limit else None,
        )

    @get("/audit.csv", media_type="text/csv")
    async def export(
        self, found: NamedDependency[AuditFilter], names: NamedDependency[ActorNames]
    ) -> Stream:
        """Staff: every matching entry as CSV (streamed), newest first."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return Stream(
            csv_lines(found, names),
            media_type="text/csv",  # litestar adds the charset
            headers={"content-disposition": f'attachment; filename="lakou-audit-{stamp}.csv"'},
        )
