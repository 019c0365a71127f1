"""What saved searches tell an organisation's members: a new work matches one of them."""

from __future__ import annotations

from infra.i18n.context import N_
from infra.notifications import NotificationKind

SAVED_SEARCH_MATCHED = NotificationKind(
    name="partners.saved_search_matched",
    subject=N_("Nouvelle œuvre pour « {search} » : {work}"),
    template="partners/mail/saved_search_matched",
    description=N_(
        "Une œuvre nouvellement publiée ou proposée répond à une recherche enregistrée."
    ),
)

KINDS = (SAVED_SEARCH_MATCHED,)
