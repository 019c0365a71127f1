"""What an account's holder is reminded of above every page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accounts.domain import Principal
from infra.i18n.context import gettext
from infra.modules import PageNotice


def account_notices(viewer: Any) -> Sequence[PageNotice]:
    """An address not yet confirmed (accounts made before the check, or a lost mail): the
    account keeps working, and every page asks for the confirmation, with a way to a new link."""
    if not isinstance(viewer, Principal) or viewer.email_verified:
        return ()
    return (
        PageNotice(
            text=gettext("Confirmez votre adresse e-mail avec le lien que nous vous avons envoyé."),
            link="/compte/securite#verify-title",
            link_label=gettext("Recevoir un nouveau lien"),
        ),
    )
