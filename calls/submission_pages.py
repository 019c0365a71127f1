"""An applicant's page for one of their submissions: its call, its state, its entry fee with a
"Pay the fee" button (the cart and checkout sell it), and sending it once the fee is settled.

Someone else's submission is not found (404), as in the API.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_user
from accounts.domain import Principal
from accounts.guards import AFTER_LOGIN, page_errors, requires_user
from calls.applications import ApplicationService
from calls.domain import SubmissionState
from calls.fees import EntryFeeService, fee_owed, fee_state
from calls.pages import NOT_FOUND_PAGE, _helpers, _translated
from calls.service import MY_SUBMISSIONS_PATH
from infra.errors import AppError
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.i18n.context import N_, gettext

SUBMISSION = "/appels/candidatures/{submission_id:uuid}"
FEE_STATES = {
    "unpaid": N_("À régler"),
    "paid": N_("Réglés"),
    "refunded": N_("Remboursés"),
    "waived": N_("Offerts par l'organisateur"),
}


class SubmissionPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors(not_found=NOT_FOUND_PAGE)
    dependencies = {
        "me": Provide(provide_page_user),
        "applications": provide_service(ApplicationService),
        "fees": provide_service(EntryFeeService),
    }

    @get(SUBMISSION)
    async def submission(
        self,
        request: Request[Any, Any, Any],
        submission_id: FromPath[UUID],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
        fees: NamedDependency[EntryFeeService],
    ) -> Template:
        return await self._page(request, submission_id, me, applications, fees)

    async def _page(
        self,
        request: Request[Any, Any, Any],
        submission_id: UUID,
        me: Principal,
        applications: ApplicationService,
        fees: EntryFeeService,
        status_code: int = 200,
        **extra: Any,
    ) -> Template:
        found = await applications.get(me, submission_id)
        call, submission = found.call, found.submission
        draft = submission.state is SubmissionState.DRAFT
        open_draft = draft and call.accepts_submissions(fees.now())
        state = fee_state(call, found.fee)
        response = render(
            request,
            "calls/submission.html",
            me,
            status_code,
            call=call,
            submission=submission,
            fee_state=state,
            fee_state_label=gettext(FEE_STATES[state]) if state in FEE_STATES else "",
            fee_item_kind=fees.fees().item_kind,
            may_pay=open_draft and fee_owed(call, found.fee),
            may_send=open_draft and not fee_owed(call, found.fee),
            **_helpers(),
            **extra,
        )
        response.headers["cache-control"] = "no-store"
        return response

    @post(SUBMISSION + "/envoi", opt={AFTER_LOGIN: "/appels/candidatures/{submission_id}"})
    async def send(
        self,
        request: Request[Any, Any, Any],
        submission_id: FromPath[UUID],
        me: NamedDependency[Principal],
        applications: NamedDependency[ApplicationService],
        fees: NamedDependency[EntryFeeService],
    ) -> Template | Redirect:
        try:
            await applications.submit(me, submission_id)
        except AppError as error:
            if error.status_code in (403, 404):
                raise
            return await self._page(
                request,
                submission_id,
                me,
                applications,
                fees,
                error.status_code,
                error=_translated(error),
            )
        return Redirect(f"{MY_SUBMISSIONS_PATH}?envoyee=1", status_code=303)
