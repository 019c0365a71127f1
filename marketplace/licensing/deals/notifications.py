"""What licence deals tell each side (declared in the module's spec; worded in templates)."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

REQUESTED = NotificationKind(
    name="licensing.deal_requested",
    subject=N_("Demande de licence : {work}"),
    template="licensing/mail/deal_requested",
    transactional=True,
    description=N_("Un partenaire demande une licence sur une de vos œuvres."),
)
ANSWERED = NotificationKind(
    name="licensing.deal_answered",
    subject=N_("Réponse à votre demande de licence : {work}"),
    template="licensing/mail/deal_answered",
    transactional=True,
    description=N_("Les ayants droit ont fait une offre ou refusé votre demande de licence."),
)
SIGNED = NotificationKind(
    name="licensing.deal_signed",
    subject=N_("Offre acceptée : {work}"),
    template="licensing/mail/deal_signed",
    transactional=True,
    description=N_("Un partenaire a accepté votre offre de licence ; il reste à la payer."),
)
GRANTED = NotificationKind(
    name="licensing.licence_granted",
    subject=N_("Licence accordée : {work}"),
    template="licensing/mail/licence_granted",
    transactional=True,
    description=N_("Une licence est payée : la fenêtre est concédée, les fichiers livrés."),
)

KINDS = (REQUESTED, ANSWERED, SIGNED, GRANTED)
