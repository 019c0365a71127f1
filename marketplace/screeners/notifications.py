"""What screeners tell people (declared in the spec; worded in the module's templates)."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

INVITED = NotificationKind(
    name="screeners.invited",
    subject=N_("Screener : « {title} » vous attend"),
    template="screeners/mail/invited",
    description=N_("Une invitation à regarder un screener (film, audio ou livre non publié)."),
)
WATCHED = NotificationKind(
    name="screeners.watched",
    subject=N_("Screener : {viewer} regarde « {title} »"),
    template="screeners/mail/watched",
    description=N_("Une personne que vous suivez a ouvert votre screener."),
)

KINDS = (INVITED, WATCHED)
