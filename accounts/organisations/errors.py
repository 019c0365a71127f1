"""The organisations module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class OrganisationError(ErrorCode):
    # Finding one (another person's organisation is not found, never forbidden)
    NOT_FOUND = "not_found", N_("Organisation introuvable.")
    MEMBER_NOT_FOUND = "not_found", N_("Ce membre n'appartient pas à l'organisation.")
    DOCUMENT_NOT_FOUND = "not_found", N_("Document introuvable.")
    # What is typed
    INVALID_KIND = (
        "invalid_kind",
        N_("Type d'organisation inconnu : %(kind)s. Choisissez parmi : %(allowed)s."),
    )
    INVALID_PARTNER_KIND = (
        "invalid_partner_kind",
        N_("Précisez le métier du partenaire export parmi : %(allowed)s."),
    )
    PARTNER_KIND_UNEXPECTED = (
        "invalid_partner_kind",
        N_("Seuls les partenaires export précisent un métier."),
    )
    INVALID_NAME = (
        "invalid_name",
        N_("Nom invalide : de 2 à %(max)s caractères, sans caractère nul."),
    )
    INVALID_LEGAL_SCHEME = (
        "invalid_legal_scheme",
        N_("Identifiant légal inconnu : %(scheme)s. Choisissez parmi : %(allowed)s."),
    )
    INVALID_SIREN = (
        "invalid_siren",
        N_("SIREN invalide (%(number)s) : 9 chiffres dont le dernier est une clé de contrôle."),
    )
    INVALID_SIRET = (
        "invalid_siret",
        N_("SIRET invalide (%(number)s) : 14 chiffres dont le dernier est une clé de contrôle."),
    )
    INVALID_VAT = (
        "invalid_vat",
        N_("Numéro de TVA européen invalide (%(number)s) : préfixe du pays, puis le numéro."),
    )
    INVALID_REGISTRATION = (
        "invalid_registration",
        N_("Numéro d'immatriculation invalide : de 1 à 60 caractères."),
    )
    FRENCH_NEEDS_SIREN = (
        "invalid_registration",
        N_("Une structure française s'identifie par son SIREN ou son SIRET."),
    )
    INVALID_COUNTRY = (
        "invalid_country",
        N_("Code pays inconnu : %(country)s (ISO, ex. MQ, FR, CA)."),
    )
    INVALID_COMMUNE = (
        "invalid_commune",
        N_("Commune inconnue : %(commune)s. Choisissez une commune de Martinique."),
    )
    COMMUNE_REQUIRED = "invalid_commune", N_("Choisissez la commune de la structure.")
    COMMUNE_UNEXPECTED = (
        "invalid_commune",
        N_("Une commune de Martinique ne convient qu'à une adresse en Martinique."),
    )
    INVALID_ADDRESS = "invalid_address", N_("Adresse invalide : %(max)s caractères au plus.")
    INVALID_REASON = (
        "invalid_reason",
        N_("Donnez une raison (de 3 à %(max)s caractères)."),
    )
    # Claims and states
    LEGAL_ID_CLAIMED = (
        "legal_id_claimed",
        N_("Ce numéro est déjà revendiqué par une autre organisation."),
    )
    LEGAL_ID_MISSING = (
        "legal_id_missing",
        N_("Indiquez l'identifiant légal de l'organisation avant de demander sa vérification."),
    )
    DOCUMENTS_MISSING = (
        "documents_missing",
        N_("Joignez au moins un justificatif (extrait Kbis, statuts, avis de situation…)."),
    )
    INVALID_TRANSITION = (
        "invalid_transition",
        N_("Impossible depuis l'état « %(state)s » de l'organisation."),
    )
    LOCKED_WHILE_REVIEWED = (
        "invalid_transition",
        N_("L'identité d'une organisation vérifiée ou en cours de vérification ne change plus."),
    )
    # Documents
    DOCUMENT_TYPE = (
        "invalid_document",
        N_("Justificatif refusé : seuls les PDF, PNG et JPEG sont acceptés."),
    )
    DOCUMENT_SIZE = (
        "invalid_document",
        N_("Justificatif refusé : %(max)s Mo au plus, et non vide."),
    )
    TOO_MANY_DOCUMENTS = "too_many_documents", N_("%(max)s justificatifs au plus.")
    # Members and invitations
    NOT_ADMIN = (
        "organisation_admin_required",
        N_("Réservé aux propriétaires et administrateurs de l'organisation."),
    )
    NOT_OWNER = "organisation_owner_required", N_("Réservé aux propriétaires de l'organisation.")
    INVALID_MEMBER_ROLE = (
        "invalid_member_role",
        N_("Rôle inconnu : %(role)s. Choisissez parmi : %(allowed)s."),
    )
    LAST_OWNER = (
        "last_owner",
        N_("L'organisation doit garder au moins un propriétaire : nommez-en un autre d'abord."),
    )
    ALREADY_MEMBER = "already_member", N_("Cette personne est déjà membre de l'organisation.")
    INVITATION_NOT_FOUND = (
        "invitation_not_found",
        N_("Invitation introuvable ou déjà utilisée."),
    )
    INVITATION_EXPIRED = (
        "invitation_expired",
        N_("Cette invitation a expiré : demandez-en une nouvelle."),
    )
    INVITATION_OTHER_ADDRESS = (
        "invitation_other_address",
        N_("Cette invitation a été envoyée à une autre adresse : connectez-vous avec celle-ci."),
    )
    # Acting as an organisation
    VERIFIED_ORGANISATION_REQUIRED = (
        "verified_organisation_required",
        N_("Agissez au nom d'une organisation vérifiée (%(kinds)s) pour accéder à ceci."),
    )
