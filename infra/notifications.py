"""What a module may tell a person, and the port it tells them through.

A module declares its notifications in its spec (`ModuleSpec.notifications`), the way it
declares its events: a kind's name, whether it is transactional, and the templates that word it.
The notifications context (`accounts.notifications`) renders each one in the recipient's
language, keeps it in the in-app centre and queues its e-mail in the same transaction as the
decision that caused it, so a notification is never sent for a change that rolled back.

Params are small values shown in the message (a title, an amount already formatted, a link);
they are kept with the notification, so never put a secret there unless the kind is mail-only
(`in_app=False`): a reset link lives in the mail, never in the centre.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

ParamValue = str | int


@dataclass(frozen=True)
class NotificationKind:
    # Unique across modules, "<module>.<what>", e.g. "organisations.verified".
    name: str
    # French source of the subject (and of the in-app line), `N_`-marked, `{param}` placeholders.
    subject: str
    # The body, a template of the module's `templates` folder without its extension:
    # `<template>.txt` is required, `<template>.html` is used as the HTML part when it exists.
    template: str
    # Transactional mail (address check, password reset, receipt) always leaves, carries no
    # unsubscribe header and cannot be turned off; the others follow each person's choice.
    transactional: bool = False
    # Shown in the in-app centre (and counted in the header); never for mails with secrets.
    in_app: bool = True
    # What the preferences page says about this kind (French source, `N_`-marked).
    description: str = ""


class Notifier(Protocol):
    """The port modules tell people through. Call it inside the transaction that decided."""

    async def notify(
        self,
        kind: NotificationKind,
        user_id: UUID,
        *,
        key: str,
        params: Mapping[str, ParamValue] | None = None,
        link: str = "",
    ) -> None:
        """Tell an account holder, in the centre and/or by e-mail as they chose.

        `key` makes it idempotent: the same (kind, person, key) is told once, however many
        times the event that causes it is delivered. `link` is a path on this site.
        """
        ...

    async def mail_address(
        self,
        kind: NotificationKind,
        address: str,
        *,
        key: str,
        language: str,
        params: Mapping[str, ParamValue] | None = None,
    ) -> None:
        """Mail an address that may belong to no account yet (an invitation, a new address
        to confirm), in `language`; idempotent per (kind, address, key)."""
        ...
