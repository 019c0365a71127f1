"""What meetings tell people (declared on the markets' spec; worded in its templates): a new
request to the stand, the exhibitor's answer to the professional, and a reminder to both sides
about 30 minutes before. The notifier tells each (kind, person, key) once."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

REQUESTED = NotificationKind(
    name="markets.meeting_requested",
    subject=N_("Demande de rendez-vous : {stand}"),
    template="markets/mail/meeting_requested",
    description=N_("Un professionnel accrédité demande un rendez-vous à votre stand."),
)
ANSWERED = NotificationKind(
    name="markets.meeting_answered",
    subject=N_("Réponse à votre demande de rendez-vous : {stand}"),
    template="markets/mail/meeting_answered",
    description=N_("L'exposant a accepté ou décliné votre demande de rendez-vous."),
)
REMINDER = NotificationKind(
    name="markets.meeting_reminder",
    subject=N_("Rendez-vous à {time} : {stand}"),
    template="markets/mail/meeting_reminder",
    description=N_("Le rappel d'un rendez-vous d'affaires, une demi-heure avant."),
)

KINDS = (REQUESTED, ANSWERED, REMINDER)
