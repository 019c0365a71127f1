"""The notifications module's errors (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class NotificationError(ErrorCode):
    NOT_FOUND = "notification_not_found", N_("Notification introuvable.")
    UNKNOWN_KIND = "unknown_notification_kind", N_("Type de notification inconnu : %(kind)s.")
    TRANSACTIONAL = (
        "notification_transactional",
        N_("Ces messages accompagnent votre compte ou vos achats et ne peuvent pas être coupés."),
    )
    BAD_CURSOR = "invalid_cursor", N_("Curseur de pagination invalide.")
    MAILBOX_ONLY_IN_DEVELOPMENT = (
        "mailbox_unavailable",
        N_("La boîte de développement n'existe que sans serveur SMTP, hors production."),
    )
