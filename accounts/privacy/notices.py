"""What the privacy module tells people (`infra.notifications`)."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

EXPORT_READY = NotificationKind(
    name="privacy.export_ready",
    subject=N_("L'archive de vos données est prête"),
    template="privacy/mail/export_ready",
    transactional=True,
    description=N_("L'avis que l'archive de vos données peut être téléchargée (7 jours)."),
)
ACCOUNT_DELETED = NotificationKind(
    name="privacy.account_deleted",
    subject=N_("Votre compte Lakou a été supprimé"),
    template="privacy/mail/account_deleted",
    transactional=True,
    in_app=False,
    description=N_("La confirmation envoyée quand un compte est supprimé."),
)

KINDS = (EXPORT_READY, ACCOUNT_DELETED)
