"""What verification unlocks: the organisation capability registry.

A capability is a named privilege a module grants to people acting as a verified organisation
of some kinds. Modules guard their routes with it (`acting.requires_capability`) and the
organisation pages list, for each organisation, what its verification opens. A module that
needs one adds it here (one line, even before the module exists: markets will use
`PUBLISH_MARKET`), so there is one list to read for "who may do what".
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.organisations.domain import OrganisationKind
from infra.i18n.context import N_


@dataclass(frozen=True)
class Capability:
    name: str  # "<module>.<what>"
    kinds: frozenset[OrganisationKind]
    description: str  # French source, `N_`-marked

    def allows(self, kind: OrganisationKind) -> bool:
        return kind in self.kinds


PARTNER_VIEW = Capability(
    "search.partner_view",
    frozenset({OrganisationKind.EXPORT_PARTNER}),
    N_("Recherche professionnelle : informations de droits et filtres par territoire et licence"),
)
LICENCE_REQUESTS = Capability(
    "licensing.request",
    frozenset({OrganisationKind.EXPORT_PARTNER}),
    N_("Demandes de licence aux ayants droit"),
)
PUBLISH_MARKET = Capability(
    "markets.publish",
    frozenset({OrganisationKind.ORGANISER}),
    N_("Publication d'un marché virtuel"),
)

CAPABILITIES: tuple[Capability, ...] = (PARTNER_VIEW, LICENCE_REQUESTS, PUBLISH_MARKET)


def unlocked_by(kind: OrganisationKind) -> list[Capability]:
    """What verifying an organisation of this kind opens."""
    return [capability for capability in CAPABILITIES if capability.allows(kind)]
