"""What the webhooks module tells people: an endpoint turned off after three days of failures."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

ENDPOINT_DISABLED = NotificationKind(
    name="webhooks.endpoint_disabled",
    subject=N_("Webhook de {organisation} désactivé après des échecs répétés"),
    template="webhooks/mail/endpoint_disabled",
    transactional=True,
    description=N_(
        "Un webhook de votre organisation a échoué pendant trois jours et a été désactivé."
    ),
)

KINDS = (ENDPOINT_DISABLED,)
