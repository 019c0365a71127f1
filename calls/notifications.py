"""What the calls module tells applicants (declared in its spec; worded in its templates)."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

# The receipt: the applicant keeps proof their submission arrived before the deadline.
SUBMITTED = NotificationKind(
    name="calls.submitted",
    subject=N_("Candidature reçue : {call}"),
    template="calls/mail/submitted",
    transactional=True,
    description=N_("L'accusé de réception d'une candidature envoyée à un appel."),
)
DECIDED = NotificationKind(
    name="calls.decided",
    subject=N_("{call} : la décision sur votre candidature"),
    template="calls/mail/decided",
    transactional=True,
    description=N_(
        "La décision prise sur une candidature : retenue, refusée ou en liste d'attente."
    ),
)

# The payee's "you sold": an entry fee is a sale like any other, and the one paid is told.
FEE_PAID = NotificationKind(
    name="calls.fee_paid",
    subject=N_("Frais de candidature payés : {call}"),
    template="calls/mail/fee_paid",
    transactional=True,
    description=N_(
        "Un candidat a payé les frais de candidature d'un appel dont vous êtes le bénéficiaire."
    ),
)

KINDS = (SUBMITTED, DECIDED, FEE_PAID)
