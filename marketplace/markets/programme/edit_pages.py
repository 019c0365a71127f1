"""Editing or moving a session from its page (`…/programme/<id>/modifier`), for the market's
managers: the form shows the session as it is; saving books the room for the new quarters and
frees the old ones in one transaction (`ProgrammeService.edit`). A refusal (the room taken, off
the quarter-hour grid, outside the window) is shown on the page with the form kept."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import error_page, page_errors, requires_user
from infra.errors import AppError, Forbidden
from infra.http.dependencies import provide_service
from infra.http.pages import render
from marketplace.markets.page_helpers import helpers, local_input, translated
from marketplace.markets.programme.domain import Session, SessionDetails, SessionKind
from marketplace.markets.programme.labels import programme_helpers
from marketplace.markets.programme.pages import (
    FORBIDDEN_PAGE,
    NOT_FOUND_PAGE,
    SESSION_PAGE,
    details_from_form,
)
from marketplace.markets.programme.service import ProgrammeService
from marketplace.markets.service import MarketService

EDIT_PAGE = SESSION_PAGE + "/modifier"


def session_form(session: Session) -> dict[str, str]:
    """The edit form's values: the session as stored, times in Martinique's."""
    details = session.details
    form = {
        "room_id": str(details.room_id),
        "kind": details.kind.value,
        "audience": details.audience.value,
        "starts_at": local_input(details.starts_at),
        "ends_at": local_input(details.ends_at),
        "speakers": "\n".join(speaker.name for speaker in details.speakers),
        "work_ids": " ".join(str(work) for work in details.work_ids),
    }
    form.update({f"title_{tag}": text for tag, text in details.titles.items()})
    form.update({f"description_{tag}": text for tag, text in details.descriptions.items()})
    return form


def edited_details(form: Any, old: SessionDetails) -> SessionDetails:
    """The form's details; texts in languages the form has no field for are kept, and so are
    the accounts of speakers whose names did not change."""
    typed = details_from_form(form)
    accounts = {speaker.name: speaker.user_id for speaker in old.speakers}
    return replace(
        typed,
        titles=_merged(old.titles, typed.titles, form, "title"),
        descriptions=_merged(old.descriptions, typed.descriptions, form, "description"),
        speakers=tuple(replace(s, user_id=accounts.get(s.name)) for s in typed.speakers),
    )


def _merged(old: Any, typed: Any, form: Any, prefix: str) -> dict[str, str]:
    """What the form's fields say (an emptied one removes its language), the rest as it was."""
    return {
        tag: typed.get(tag, "") if f"{prefix}_{tag}" in form else old.get(tag, "")
        for tag in {*old, *typed}
    }


class SessionEditPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = {
        **page_errors(not_found=NOT_FOUND_PAGE),
        Forbidden: error_page(FORBIDDEN_PAGE, 403),
    }
    dependencies = {
        "me": Provide(provide_page_user),
        "markets": provide_service(MarketService),
        "programme": provide_service(ProgrammeService),
    }

    @get(EDIT_PAGE)
    async def edit_page(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        programme_session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Template:
        market = await markets.by_slug(me, slug)
        session = await programme.managed_session(me, market.id, programme_session_id)
        return await self._page(request, slug, me, markets, programme, session)

    @post(EDIT_PAGE)
    async def save(
        self,
        request: Request[Any, Any, Any],
        slug: FromPath[str],
        programme_session_id: FromPath[UUID],
        me: NamedDependency[Principal],
        markets: NamedDependency[MarketService],
        programme: NamedDependency[ProgrammeService],
    ) -> Template | Redirect:
        market = await markets.by_slug(me, slug)
        session = await programme.managed_session(me, market.id, programme_session_id)
        form = await request.form()
        try:
            details = edited_details(form, session.details)
            await programme.edit(me, market.id, session.id, details)
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._page(
                request, slug, me, markets, programme, session, error, dict(form)
            )
        return Redirect(f"/marches/{market.details.slug}/programme/{session.id}", status_code=303)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        slug: str,
        me: Principal,
        markets: MarketService,
        programme: ProgrammeService,
        session: Session,
        error: AppError | None = None,
        form: dict[str, Any] | None = None,
    ) -> Template:
        market = await markets.by_slug(me, slug)
        return render(
            request,
            "markets/programme/session_edit.html",
            me,
            error.status_code if error else 200,
            market=market,
            session=session,
            rooms=await programme.rooms(me, market.id),
            kinds=list(SessionKind),
            form=form if form is not None else session_form(session),
            default_start="",
            error=translated(error) if error else "",
            **helpers(),
            **programme_helpers(),
        )
