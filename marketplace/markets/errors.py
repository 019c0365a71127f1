"""The markets module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class MarketError(ErrorCode):
    # Finding things (a draft market, another person's request: not found, never forbidden)
    NOT_FOUND = "not_found", N_("Marché introuvable.")
    STAND_NOT_FOUND = "not_found", N_("Stand introuvable.")
    WORK_NOT_FOUND = "not_found", N_("Œuvre introuvable.")
    DOCUMENT_NOT_FOUND = "not_found", N_("Document introuvable.")
    ACCREDITATION_NOT_FOUND = "not_found", N_("Demande d'accréditation introuvable.")
    CREATOR_NOT_FOUND = "not_found", N_("Profil de créateur introuvable.")
    # What is typed
    INVALID_NAME = "invalid_name", N_("Nom invalide : de 2 à %(max)s caractères.")
    INVALID_EDITION = "invalid_edition", N_("Édition invalide : %(max)s caractères au plus.")
    INVALID_SLUG = (
        "invalid_slug",
        N_("Adresse invalide : lettres minuscules, chiffres et tirets, de 3 à %(max)s caractères."),
    )
    SLUG_TAKEN = "slug_taken", N_("Cette adresse est déjà prise par un autre marché.")
    DESCRIPTION_FRENCH_REQUIRED = (
        "description_required",
        N_("Décrivez le marché en français au moins."),
    )
    INVALID_TEXT = (
        "invalid_text",
        N_("Texte invalide (%(field)s) : langues %(languages)s, %(max)s caractères au plus."),
    )
    INVALID_SECTIONS = (
        "invalid_sections",
        N_("Sections invalides : choisissez une discipline au moins parmi : %(allowed)s."),
    )
    WINDOW_ENDS_FIRST = "invalid_window", N_("Le marché doit fermer après son ouverture.")
    WINDOW_TOO_LONG = "invalid_window", N_("Un marché dure %(days)s jours au plus.")
    WINDOW_NEEDS_ZONE = (
        "invalid_window",
        N_("Donnez les dates avec leur fuseau horaire (par exemple -04:00 en Martinique)."),
    )
    WINDOW_OVER = "window_over", N_("La fenêtre du marché est déjà passée.")
    INVALID_ROLE = "invalid_role", N_("Rôle inconnu. Choisissez parmi : %(allowed)s.")
    NOT_A_MEMBER = (
        "not_a_member",
        N_("Seuls les membres de l'organisation organisatrice rejoignent l'équipe du marché."),
    )
    LAST_MANAGER = "last_manager", N_("Le marché garde au moins un responsable.")
    INVALID_EXHIBITOR = (
        "invalid_exhibitor",
        N_("Exposant invalide : un profil de créateur, ou une organisation dont vous êtes membre."),
    )
    STAND_EXISTS = "stand_exists", N_("Cet exposant a déjà un stand dans ce marché.")
    INVALID_TABLES = "invalid_tables", N_("Nombre de tables invalide : de 0 à %(max)s.")
    INVALID_LINK = "invalid_link", N_("Lien invalide : une adresse https:// est demandée.")
    INVALID_SLOT = (
        "invalid_slot",
        N_("Créneau invalide : un titre, un début et une fin après le début, avec fuseau."),
    )
    TOO_MANY = "too_many", N_("Trop d'éléments (%(field)s) : %(max)s au plus.")
    INVALID_CONTACT = "invalid_contact", N_("Contact invalide : un nom et un rôle au moins.")
    INVALID_DOCUMENT = "invalid_document", N_("Document invalide : un PDF de %(max)s Mo au plus.")
    INVALID_CATEGORY = "invalid_category", N_("Catégorie inconnue. Choisissez parmi : %(allowed)s.")
    REASON_REQUIRED = "reason_required", N_("Donnez la raison du refus.")
    INVALID_TOKEN = "invalid_token", N_("Badge invalide : signature incorrecte.")
    # States
    WRONG_STATE = (
        "wrong_state",
        N_("Impossible dans l'état actuel du marché (%(state)s)."),
    )
    ALREADY_DECIDED = "already_decided", N_("Cette demande a déjà été traitée.")
    ALREADY_ACCREDITED = "already_accredited", N_("Vous êtes déjà accrédité pour ce marché.")
    ORGANISATION_REQUIRED = (
        "organisation_required",
        N_("Demandez l'accréditation au nom de votre organisation (choisissez-la d'abord)."),
    )
    NOT_ON_STAND = "not_on_stand", N_("Cette œuvre n'est pas sur le stand.")
    # Who may do what
    TEAM_ONLY = "forbidden", N_("Réservé à l'équipe du marché.")
    EXHIBITOR_ONLY = "forbidden", N_("Seul l'exposant modifie son stand.")
    # Meetings (marketplace/markets/meetings)
    MEETING_NOT_FOUND = "not_found", N_("Rendez-vous introuvable.")
    MEETING_SLOTS = "invalid_meeting_slots", N_("Proposez de 1 à %(max)s créneaux.")
    MEETING_SLOT_PASSED = "slot_passed", N_("Ce créneau est déjà passé.")
    MEETING_SLOT_NOT_PROPOSED = (
        "slot_not_proposed",
        N_("Choisissez l'un des créneaux proposés par le professionnel."),
    )
    MEETING_OUTSIDE_WINDOW = (
        "meeting_outside_window",
        N_("Les rendez-vous se tiennent pendant la fenêtre du marché."),
    )
    INVALID_MEETING_HOURS = (
        "invalid_meeting_hours",
        N_("Horaires invalides : une date, une heure de début et une heure de fin après le début."),
    )
    INVALID_QUOTA = "invalid_quota", N_("Quota invalide : de 0 à %(max)s rendez-vous par jour.")
    MEETING_DECIDED = "meeting_decided", N_("Cette demande de rendez-vous a déjà une réponse.")
    MEETING_ALREADY_REQUESTED = (
        "meeting_already_requested",
        N_("Vous attendez déjà la réponse de ce stand."),
    )
    MEETING_QUOTA_REACHED = (
        "meeting_quota_reached",
        N_("Quota atteint : %(quota)s rendez-vous par jour pour cette catégorie."),
    )
    MEETING_SLOT_TAKEN = "slot_taken", N_("Ce créneau n'est plus libre : choisissez-en un autre.")
    NO_MEETING_TABLES = "no_tables", N_("Ce stand n'a pas de table pour des rendez-vous.")
    OWN_STAND = "own_stand", N_("On ne demande pas de rendez-vous à son propre stand.")
    ACCREDITATION_REQUIRED = (
        "accreditation_required",
        N_("Les rendez-vous sont réservés aux professionnels accrédités du marché."),
    )
