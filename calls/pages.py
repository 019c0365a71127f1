"""The calls' pages: open calls and a call's page with its form (rendered from its questions),
"my submissions", the reviewer's scoring page, and the managers' submissions table with bulk
decisions. Any module's calls use them; a module may link to `/appels/{id}` from its own pages.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_principal, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, error_page, page_errors, requires_user
from accounts.organisations.acting import acting_organisation
from calls.applications import Applicant, ApplicationService
from calls.domain import Call, Decision
from calls.errors import CallError
from calls.files import MAX_FILE_BYTES
from calls.forms import CHOICE_KINDS, QuestionKind
from calls.reviewing import ReviewService
from calls.service import MY_SUBMISSIONS_PATH, CallService, call_path, submission_path
from infra.errors import AppError, Forbidden, InvalidInput, fill
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, activated, current_language, gettext
from infra.i18n.formatting import local_datetime

NOT_FOUND_PAGE = "calls/not_found.html"
FORBIDDEN_PAGE = "calls/forbidden.html"
MAX_FORM_BYTES = 4 * MAX_FILE_BYTES
DECISION_NAMES = {
    "accepted": N_("Retenue"),
    "declined": N_("Refusée"),
    "waitlisted": N_("Liste d'attente"),
}


def _translated(error: AppError) -> str:
    return fill(gettext(error.error.message), error.params)


def _deadline(call: Call) -> str:
    """The deadline in the call's own time zone (a festival's local time), named."""
    with activated(current_language(), call.settings.time_zone):
        return f"{local_datetime(call.closes_at, 'short')} ({call.settings.time_zone})"


def _decision_label(value: str | None) -> str:
    return gettext(DECISION_NAMES[value]) if value in DECISION_NAMES else ""


def _helpers() -> dict[str, Any]:
    return {
        "deadline": _deadline,
        "decision_label": _decision_label,
        "choice_kinds": {kind.value for kind in CHOICE_KINDS},
    }


def answers_from_form(call: Call, form: Any) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """The answers a page's form gives (text, choices, yes/no, a work), and its files."""
    answers: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for question in call.settings.form.questions:
        key = question.key
        if question.kind is QuestionKind.MULTIPLE_CHOICE:
            answers[key] = [str(v)[:40] for v in form.getall(key, [])][:40]
        elif question.kind is QuestionKind.YES_NO:
            value = str(form.get(key, "") or "")
            if value in ("yes", "no"):
                answers[key] = value == "yes"
        elif question.kind is QuestionKind.FILE:
            upload = form.get(key)
            if isinstance(upload, UploadFile) and upload.filename:
                files[key] = (upload.filename, b"")
        else:
            answers[key] = str(form.get(key, "") or "")[: question.limit or 40]
    return answers, files


async def _read_files(
    form: Any, wanted: dict[str, tuple[str, bytes]]
) -> dict[str, tuple[str, bytes]]:
    read = {}
    for key, (filename, _) in wanted.items():
        upload = form.get(key)
        read[key] = (filename, await upload.read())
    return read


class CallPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    exception_handlers = {
        **page_errors(not_found=NOT_FOUND_PAGE),
        Forbidden: error_page(FORBIDDEN_PAGE, 403),
    }
    dependencies = {
        "who": Provide(provide_page_principal),
        "me": Provide(provide_page_user),
        "calls": provide_service(CallService),
        "applications": provide_service(ApplicationService),
        "reviews": provide_service(ReviewService),
    }

    @get("/appels")
    async def listing(
        self,
        request: Request[Any, Any, Any],
        who: NamedDependency[Principal | None],
        calls: NamedDependency[CallService],
    ) -> Template:
        return render(request, "calls/list.html", who, calls=await calls.open_calls(), **_helpers())

    @get("/appels/candidatures", guards=[requires_user])
    async def mine(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
    ) -> Template:
        return render(
            request,
            "calls/mine.html",
            me,
            submissions=await applications.mine(me),
            **_helpers(),
        )

    @get("/appels/{call_id:uuid}")
    async def page(
        self,
        request: Request[Any, Any, Any],
        call_id: FromPath[UUID],
        who: NamedDependency[Principal | None],
        calls: NamedDependency[CallService],
        applications: NamedDependency[ApplicationService],
    ) -> Template:
        return await self._page(request, call_id, who, calls, applications)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        call_id: UUID,
        who: Principal | None,
        calls: CallService,
        applications: ApplicationService,
        status_code: int = 200,
        **extra: Any,
    ) -> Template:
        call = await calls.get(who, call_id)
        works = await applications.works_to_enter(who) if who else []
        return render(
            request,
            "calls/call.html",
            who,
            status_code,
            call=call,
            accepting=call.accepts_submissions(calls.now()),
            manages=await calls.may_manage(who, call),
            works=works,
            form_values=extra.pop("form_values", {}),
            **_helpers(),
            **extra,
        )

    @post(
        "/appels/{call_id:uuid}",
        guards=[requires_user],
        request_max_body_size=MAX_FORM_BYTES,
        opt={AFTER_LOGIN: "/appels/{call_id}"},
    )
    async def apply(
        self,
        request: Request[Any, Any, Any],
        call_id: FromPath[UUID],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
        applications: NamedDependency[ApplicationService],
    ) -> Template | Redirect:
        form = await request.form()
        try:
            call = await calls.get(me, call_id)
            answers, wanted = answers_from_form(call, form)
            acting = await acting_organisation(request)
            applicant = Applicant(
                me, acting.id if acting else None, acting.kind.value if acting else None
            )
            # With a fee the draft is kept and its page asks for payment before sending it.
            paying = call.settings.fee_cents > 0
            submission = await applications.start(
                applicant,
                call.id,
                answers,
                submit=not paying,
                files=await _read_files(form, wanted),
            )
        except (InvalidInput, AppError) as error:
            if error.status_code in (403, 404):
                raise
            values = {key: str(value)[:300] for key, value in form.items()}
            return await self._page(
                request,
                call_id,
                me,
                calls,
                applications,
                error.status_code,
                error=_translated(error),
                form_values=values,
            )
        if paying:
            return Redirect(submission_path(submission.id), status_code=303)
        return Redirect(f"{MY_SUBMISSIONS_PATH}?envoyee=1", status_code=303)

    @get("/appels/{call_id:uuid}/evaluation", guards=[requires_user])
    async def review(
        self,
        request: Request[Any, Any, Any],
        call_id: FromPath[UUID],
        me: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
    ) -> Template:
        return await self._review(request, call_id, me, reviews)

    async def _review(
        self,
        request: Request[Any, Any, Any],
        call_id: UUID,
        me: Principal,
        reviews: ReviewService,
        status_code: int = 200,
        **extra: Any,
    ) -> Template:
        call, assignments = await reviews.call_assignments(me, call_id)
        return render(
            request,
            "calls/review.html",
            me,
            status_code,
            call=call,
            assignments=assignments,
            **_helpers(),
            **extra,
        )

    @post(
        "/appels/{call_id:uuid}/evaluation/{submission_id:uuid}",
        guards=[requires_user],
        opt={AFTER_LOGIN: "/appels/{call_id}/evaluation"},
    )
    async def score(
        self,
        request: Request[Any, Any, Any],
        call_id: FromPath[UUID],
        submission_id: FromPath[UUID],
        me: NamedDependency[Principal],
        reviews: NamedDependency[ReviewService],
    ) -> Template | Redirect:
        """The scoring form: marks per criterion, or a declared conflict of interest."""
        form = await request.form()
        try:
            if form.get("conflict"):
                reason = str(form.get("reason", ""))[:1000]
                await reviews.declare_conflict(me, submission_id, reason)
            else:
                marks: dict[str, Any] = {}
                for key, value in form.items():
                    if key.startswith("mark_"):
                        text = str(value).strip()
                        marks[key.removeprefix("mark_")[:40]] = (
                            int(text) if text.isdigit() else text
                        )
                comment = str(form.get("comment", ""))[:5000]
                await reviews.score(me, submission_id, marks, comment)
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._review(
                request, call_id, me, reviews, error.status_code, error=_translated(error)
            )
        return Redirect(f"{call_path(call_id)}/evaluation", status_code=303)

    @get("/appels/{call_id:uuid}/gestion", guards=[requires_user])
    async def manage(
        self,
        request: Request[Any, Any, Any],
        call_id: FromPath[UUID],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> Template:
        return await self._manage(request, call_id, me, calls)

    async def _manage(
        self,
        request: Request[Any, Any, Any],
        call_id: UUID,
        me: Principal,
        calls: CallService,
        status_code: int = 200,
        **extra: Any,
    ) -> Template:
        call, ranked = await calls.ranked(me, call_id)
        return render(
            request,
            "calls/manage.html",
            me,
            status_code,
            call=call,
            ranked=ranked,
            reviewers=await calls.reviewers(me, call_id),
            decisions=[decision.value for decision in Decision],
            **_helpers(),
            **extra,
        )

    @post(
        "/appels/{call_id:uuid}/gestion",
        guards=[requires_user],
        opt={AFTER_LOGIN: "/appels/{call_id}/gestion"},
    )
    async def decide(
        self,
        request: Request[Any, Any, Any],
        call_id: FromPath[UUID],
        me: NamedDependency[Principal],
        calls: NamedDependency[CallService],
    ) -> Template | Redirect:
        """The table's bulk action: one decision for every ticked submission."""
        form = await request.form()
        try:
            chosen = [UUID(str(value)) for value in form.getall("submission", [])[:500]]
            decision = Decision(str(form.get("decision", "")))
            await calls.decide(me, call_id, [(submission, decision) for submission in chosen])
        except ValueError:
            error = InvalidInput(
                CallError.INVALID_DECISION,
                decision=str(form.get("decision", ""))[:20],
                allowed=", ".join(d.value for d in Decision),
            )
            return await self._manage(request, call_id, me, calls, 422, error=_translated(error))
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._manage(
                request, call_id, me, calls, error.status_code, error=_translated(error)
            )
        return Redirect(f"{call_path(call_id)}/gestion", status_code=303)
