"""What the organisations module tells people (declared in its spec; worded in its templates)."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

VERIFIED = NotificationKind(
    name="organisations.verified",
    subject=N_("{organisation} est vérifiée sur Lakou"),
    template="organisations/mail/verified",
    transactional=True,
    description=N_("Votre organisation a été vérifiée par l'équipe Lakou."),
)
REFUSED = NotificationKind(
    name="organisations.refused",
    subject=N_("Vérification de {organisation} : demande refusée"),
    template="organisations/mail/refused",
    transactional=True,
    description=N_("L'équipe Lakou a refusé la demande de vérification de votre organisation."),
)
# The link holds the invitation's secret token: mail only, never in the in-app centre.
INVITATION = NotificationKind(
    name="organisations.invitation",
    subject=N_("Invitation à rejoindre {organisation} sur Lakou"),
    template="organisations/mail/invitation",
    transactional=True,
    in_app=False,
    description=N_("Une invitation à rejoindre une organisation."),
)

KINDS = (VERIFIED, REFUSED, INVITATION)
