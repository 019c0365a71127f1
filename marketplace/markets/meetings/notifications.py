"""What meetings tell people (declared on the markets' spec; worded in its templates): a new
request to the stand, the exhibitor's answer to the professional, a reminder to both sides
about 30 minutes before, and a cancellation to the side that did not call it off. The notifier
tells each (kind, person, key) once."""

from __future__ import annotations

from uuid import UUID

from infra.i18n.context import N_
from infra.notifications import NotificationKind, Notifier
from marketplace.markets.domain import Market
from marketplace.markets.meetings.domain import MARTINIQUE, Meeting
from marketplace.markets.stand import Stand

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

CANCELLED = NotificationKind(
    name="markets.meeting_cancelled",
    subject=N_("Rendez-vous annulé : {stand}"),
    template="markets/mail/meeting_cancelled",
    description=N_("L'autre partie a annulé un rendez-vous confirmé."),
)

KINDS = (REQUESTED, ANSWERED, REMINDER, CANCELLED)


async def tell(
    notifier: Notifier,
    kind: NotificationKind,
    user_id: UUID,
    meeting: Meeting,
    stand: Stand,
    market: Market,
) -> None:
    """One notice about a meeting; its key (meeting and state) makes a repeat tell nobody."""
    moment = meeting.slot_start or meeting.proposed[0]
    await notifier.notify(
        kind,
        user_id,
        key=f"{meeting.id}:{meeting.state.value}",
        params={
            "stand": stand.name,
            "market": market.details.name,
            "answer": meeting.state.value,
            "reason": meeting.reason,
            "time": moment.astimezone(MARTINIQUE).strftime("%d/%m/%Y %H:%M"),
        },
        link=f"/marches/{market.details.slug}/rendez-vous",
    )
