"""Moderation's pages: the report form (included on the work and creator pages), the staff
queue with its decision forms, and a decision's page where its owner appeals once."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_staff, requires_user
from infra.errors import AppError, InvalidInput, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import gettext
from marketplace.moderation.domain import parse_action, parse_outcome, parse_reason
from marketplace.moderation.errors import ModerationError
from marketplace.moderation.queue import staff_queue
from marketplace.moderation.service import ModerationService

NOT_FOUND_PAGE = "moderation/not_found.html"
FORBIDDEN_PAGE = "moderation/staff_only.html"
QUEUE = "/staff/moderation"
DECISION_PAGE = "/moderation/decisions/{decision_id:uuid}"


def _translated(error: AppError) -> str:
    return fill(gettext(error.error.message), error.params)


def _field(form: Any, name: str, limit: int = 20_000) -> str:
    return str(form.get(name, "") or "")[:limit]


def _uuid(raw: str) -> UUID:
    try:
        return UUID(raw)
    except ValueError:
        raise InvalidInput(ModerationError.TARGET_NOT_FOUND) from None


async def _link(moderation: ModerationService, kind: str, raw_id: str) -> str:
    """The reported item's page (never a URL the form could name), or the home page."""
    try:
        item = await moderation.targets.get(kind).summary(UUID(raw_id))
    except (AppError, ValueError):
        return "/"
    return item.link if item and item.public else "/"


class ModerationPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=FORBIDDEN_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "moderation": provide_service(ModerationService),
    }

    @post("/signalements", opt={AFTER_LOGIN: "/"})
    async def report(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> Template | Redirect:
        """The report form of a work's or a profile's page; back to that page when filed."""
        form = await request.form()
        kind, raw_id = _field(form, "target_kind", 30), _field(form, "target_id", 40)
        try:
            target_id = _uuid(raw_id)
            await moderation.report(
                me,
                kind,
                target_id,
                parse_reason(_field(form, "reason", 30)),
                _field(form, "details"),
            )
        except AppError as error:
            return render(
                request,
                "moderation/report_refused.html",
                me,
                error.status_code,
                error=_translated(error),
                back=await _link(moderation, kind, raw_id),
            )
        back = await _link(moderation, kind, raw_id)
        return Redirect(f"{back}?signalement=1#report-done", status_code=303)

    @get(DECISION_PAGE)
    async def decision(
        self,
        request: Request[Any, Any, Any],
        decision_id: FromPath[UUID],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> Template:
        return await self._decision(request, decision_id, me, moderation)

    async def _decision(
        self,
        request: Request[Any, Any, Any],
        decision_id: UUID,
        me: Principal,
        moderation: ModerationService,
        status_code: int = 200,
        error: str | None = None,
    ) -> Template:
        decision, item = await moderation.decision_for(me, decision_id)
        return render(
            request,
            "moderation/decision.html",
            me,
            status_code,
            decision=decision,
            item=item,
            owner=decision.owner_id == me.user_id,
            error=error,
        )

    @post(DECISION_PAGE + "/appel", opt={AFTER_LOGIN: "/moderation/decisions/{decision_id}"})
    async def appeal(
        self,
        request: Request[Any, Any, Any],
        decision_id: FromPath[UUID],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            await moderation.appeal(me, decision_id, _field(form, "text"))
        except AppError as error:
            if error.status_code == 404:
                raise
            return await self._decision(
                request, decision_id, me, moderation, error.status_code, _translated(error)
            )
        return Redirect(f"/moderation/decisions/{decision_id}", status_code=303)


class StaffModerationPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_staff]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE, forbidden=FORBIDDEN_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "moderation": provide_service(ModerationService),
    }

    @get(QUEUE)
    async def queue(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> Template:
        return await self._queue(request, me, moderation)

    async def _queue(
        self,
        request: Request[Any, Any, Any],
        me: Principal,
        moderation: ModerationService,
        status_code: int = 200,
        error: str | None = None,
    ) -> Template:
        return render(
            request,
            "moderation/queue.html",
            me,
            status_code,
            queue=await staff_queue(moderation.repository, moderation.targets),
            error=error,
        )

    @post(QUEUE + "/reports/{report_id:uuid}/decision", opt={AFTER_LOGIN: QUEUE})
    async def decide(
        self,
        request: Request[Any, Any, Any],
        report_id: FromPath[UUID],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            action = parse_action(_field(form, "action", 30))
            await moderation.decide(me, report_id, action, _field(form, "reason"))
        except AppError as error:
            if error.status_code == 404:
                raise
            return await self._queue(request, me, moderation, error.status_code, _translated(error))
        return Redirect(f"{QUEUE}?decide=1", status_code=303)

    @post(QUEUE + "/decisions/{decision_id:uuid}/appel", opt={AFTER_LOGIN: QUEUE})
    async def settle_appeal(
        self,
        request: Request[Any, Any, Any],
        decision_id: FromPath[UUID],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            outcome = parse_outcome(_field(form, "outcome", 30))
            await moderation.settle_appeal(me, decision_id, outcome, _field(form, "reason"))
        except AppError as error:
            if error.status_code == 404:
                raise
            return await self._queue(request, me, moderation, error.status_code, _translated(error))
        return Redirect(f"{QUEUE}?appel=1", status_code=303)

    @post(QUEUE + "/decisions/{decision_id:uuid}/retablir", opt={AFTER_LOGIN: QUEUE})
    async def restore(
        self,
        request: Request[Any, Any, Any],
        decision_id: FromPath[UUID],
        me: NamedDependency[Principal],
        moderation: NamedDependency[ModerationService],
    ) -> Template | Redirect:
        try:
            await moderation.restore(me, decision_id)
        except AppError as error:
            if error.status_code == 404:
                raise
            return await self._queue(request, me, moderation, error.status_code, _translated(error))
        return Redirect(f"/moderation/decisions/{decision_id}", status_code=303)
