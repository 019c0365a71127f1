"""How kinds, roles and states read in the interface (French source, `N_`-marked)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accounts.organisations.domain import (
    MemberRole,
    OrganisationKind,
    PartnerKind,
    VerificationState,
)
from accounts.organisations.legal_identity import LegalScheme
from infra.i18n.context import N_, gettext

KIND_NAMES = {
    OrganisationKind.ORGANISER: N_("Organisateur de festival ou de marché"),
    OrganisationKind.EXPORT_PARTNER: N_("Partenaire export"),
    OrganisationKind.CULTURAL_COMPANY: N_("Entreprise culturelle"),
    OrganisationKind.ASSOCIATION: N_("Association"),
    OrganisationKind.EPCI: N_("Intercommunalité (EPCI)"),
    OrganisationKind.FEDERATION: N_("Fédération"),
    OrganisationKind.FUNDER: N_("Financeur"),
}
PARTNER_KIND_NAMES = {
    PartnerKind.DISTRIBUTOR: N_("Distributeur"),
    PartnerKind.LABEL: N_("Label"),
    PartnerKind.PUBLISHER: N_("Éditeur"),
    PartnerKind.BROADCASTER: N_("Diffuseur"),
    PartnerKind.AGENCY: N_("Agence"),
    PartnerKind.BUYER: N_("Acheteur"),
}
ROLE_NAMES = {
    MemberRole.OWNER: N_("Propriétaire"),
    MemberRole.ADMIN: N_("Administrateur"),
    MemberRole.MEMBER: N_("Membre"),
    MemberRole.VIEWER: N_("Lecture seule"),
}
STATE_NAMES = {
    VerificationState.UNVERIFIED: N_("Non vérifiée"),
    VerificationState.REQUESTED: N_("Vérification demandée"),
    VerificationState.VERIFIED: N_("Vérifiée"),
    VerificationState.REFUSED: N_("Refusée"),
    VerificationState.SUSPENDED: N_("Suspendue"),
}
SCHEME_NAMES = {
    LegalScheme.SIREN: N_("SIREN"),
    LegalScheme.SIRET: N_("SIRET"),
    LegalScheme.EU_VAT: N_("Numéro de TVA européen"),
    LegalScheme.FOREIGN: N_("Immatriculation étrangère"),
}


def label(names: Mapping[Any, str], value: object) -> str:
    """A value's name in the interface language (the value itself when it has none)."""
    name = names.get(value)
    return gettext(name) if name else str(value or "")
