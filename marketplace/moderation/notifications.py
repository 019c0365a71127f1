"""What moderation tells the owner of a reported item (declared in its spec; worded in its
templates). Transactional: a statement of reasons is owed to the person, whatever they chose
to receive (DSA art. 17)."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

DECIDED = NotificationKind(
    name="moderation.decided",
    subject=N_("Modération : une décision sur « {title} »"),
    template="moderation/mail/decided",
    transactional=True,
    description=N_(
        "Une décision de l'équipe sur un contenu signalé qui vous appartient, avec sa raison."
    ),
)
APPEAL_DECIDED = NotificationKind(
    name="moderation.appeal_decided",
    subject=N_("Modération : la réponse à votre appel sur « {title} »"),
    template="moderation/mail/appeal_decided",
    transactional=True,
    description=N_("La réponse de l'équipe à votre appel d'une décision de modération."),
)

KINDS = (DECIDED, APPEAL_DECIDED)
