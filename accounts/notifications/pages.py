"""The notification centre, a person's choices, one-click unsubscribe and the development
mailbox, as pages."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from accounts.auth import PAGE_ROUTES, provide_page_principal, provide_page_user
from accounts.domain import Principal
from accounts.guards import page_errors, requires_user
from accounts.notifications.centre import NotificationCentre
from accounts.notifications.delivery import MailDelivery
from accounts.notifications.unsubscribe import UnsubscribeLinks
from infra.http.dependencies import provide_service
from infra.http.pages import render
from infra.mail import FolderMailbox, UnknownMailboxMessage
from infra.settings import Environment, Settings


class NotificationPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = page_errors()
    dependencies = {
        "me": Provide(provide_page_user),
        "centre": provide_service(NotificationCentre),
    }

    @get("/notifications")
    async def centre_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        centre: NamedDependency[NotificationCentre],
    ) -> Template:
        items = await centre.items(me.user_id, limit=100)
        return render(
            request,
            "notifications/centre.html",
            me,
            items=items,
            unread=sum(1 for item in items if not item.read),
        )

    @post("/notifications/lues")
    async def mark_all_read(
        self, me: NamedDependency[Principal], centre: NamedDependency[NotificationCentre]
    ) -> Redirect:
        await centre.mark_all_read(me.user_id)
        return Redirect("/notifications", status_code=303)

    @get("/notifications/preferences")
    async def preferences_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        centre: NamedDependency[NotificationCentre],
    ) -> Template:
        saved = request.query_params.get("saved") == "1"
        return render(
            request,
            "notifications/preferences.html",
            me,
            choices=await centre.choices(me.user_id),
            saved=saved,
        )

    @post("/notifications/preferences")
    async def save_preferences(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal],
        centre: NamedDependency[NotificationCentre],
    ) -> Redirect:
        """Unchecked boxes are not sent: every kind not ticked is off (except what cannot be)."""
        form = await request.form()
        ticked = set(form.getall("choice", []))
        for choice in await centre.choices(me.user_id):
            name = choice.kind.name
            await centre.choose(
                me.user_id,
                name,
                email=choice.kind.transactional or f"{name}:email" in ticked,
                in_app=f"{name}:in_app" in ticked,
            )
        return Redirect("/notifications/preferences?saved=1", status_code=303)


class UnsubscribePages(Controller):
    """Reached from a mail without signing in; the signed token says whom and what."""

    include_in_schema = False
    opt = PAGE_ROUTES
    dependencies = {
        "me": Provide(provide_page_principal),
        "centre": provide_service(NotificationCentre),
        "links": provide_service(UnsubscribeLinks),
    }

    @get("/desabonnement")
    async def confirm_page(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        centre: NamedDependency[NotificationCentre],
        links: NamedDependency[UnsubscribeLinks],
    ) -> Template:
        """A GET never unsubscribes: mail scanners open links; the button posts."""
        token = request.query_params.get("token", "")[:200]
        wanted = links.read(token)
        kind = centre.kind(wanted.kind) if wanted else None
        status = 200 if kind is not None and not kind.transactional else 404
        return render(
            request,
            "notifications/unsubscribe.html",
            me,
            status_code=status,
            kind=kind if status == 200 else None,
            token=token,
            done=False,
        )

    @post("/desabonnement")
    async def unsubscribe(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        centre: NamedDependency[NotificationCentre],
        links: NamedDependency[UnsubscribeLinks],
    ) -> Template:
        """RFC 8058's one-click POST (from the mail client, no cookie, no CSRF token: the
        signed token is the authority) and the confirm page's button both land here."""
        form = await request.form()
        token = str(request.query_params.get("token") or form.get("token") or "")[:200]
        wanted = links.read(token)
        done = wanted is not None and await centre.unsubscribe(wanted.user_id, wanted.kind)
        kind = centre.kind(wanted.kind) if wanted and done else None
        return render(
            request,
            "notifications/unsubscribe.html",
            me,
            status_code=200 if done else 404,
            kind=kind,
            token="",
            done=done,
        )


def development_mailbox(settings: Settings, delivery: MailDelivery) -> FolderMailbox:
    """The folder mailbox, in development only; anything else answers 404."""
    transport = delivery.transport
    if settings.env is Environment.PRODUCTION or not isinstance(transport, FolderMailbox):
        raise NotFoundException()
    return transport


class MailboxPages(Controller):
    """What the embedded default would have sent, readable in the browser (development only)."""

    include_in_schema = False
    opt = PAGE_ROUTES
    dependencies = {
        "me": Provide(provide_page_principal),
        "settings": provide_service(Settings),
        "delivery": provide_service(MailDelivery),
    }

    @get("/dev/courrier")
    async def mailbox(
        self,
        request: Request[Any, Any, Any],
        me: NamedDependency[Principal | None],
        settings: NamedDependency[Settings],
        delivery: NamedDependency[MailDelivery],
    ) -> Template:
        await delivery.deliver_due()  # what is queued shows at once, without waiting for the relay
        mailbox = development_mailbox(settings, delivery)
        return render(request, "notifications/mailbox.html", me, entries=mailbox.list_messages(100))

    @get("/dev/courrier/{message_id:str}")
    async def message(
        self,
        request: Request[Any, Any, Any],
        message_id: FromPath[str],
        me: NamedDependency[Principal | None],
        settings: NamedDependency[Settings],
        delivery: NamedDependency[MailDelivery],
    ) -> Template:
        mailbox = development_mailbox(settings, delivery)
        try:
            found = mailbox.read(message_id)
        except UnknownMailboxMessage:
            raise NotFoundException() from None
        return render(request, "notifications/mail.html", me, mail=found)
