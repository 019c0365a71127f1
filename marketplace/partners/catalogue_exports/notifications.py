"""What the catalogue exports tell the person whose key asked: the file is ready."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

EXPORT_READY = NotificationKind(
    name="partners.export_ready",
    subject=N_("Votre export du catalogue ({format}) est prêt"),
    template="partners/mail/export_ready",
    description=N_("Un export du catalogue demandé avec une clé d'API est prêt à télécharger."),
)

KINDS = (EXPORT_READY,)
