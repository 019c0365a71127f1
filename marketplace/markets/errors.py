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
    # Stand codes (marketplace/markets/codes/)
    BATCH_NOT_FOUND = "not_found", N_("Lot de codes introuvable.")
    INVALID_CODE_COUNT = "invalid_count", N_("Nombre de codes invalide : de %(min)s à %(max)s.")
    INVALID_CODE_PRICE = (
        "invalid_price",
        N_("Prix par code invalide : de %(min)s à %(max)s, TVA comprise."),
    )
    BATCH_CLOSED = "batch_closed", N_("Ce lot de codes est déjà vendu ou annulé.")
    UNKNOWN_CODE = "unknown_code", N_("Code inconnu : vérifiez les caractères saisis.")
    CODE_ALREADY_REDEEMED = "code_already_redeemed", N_("Ce code a déjà été utilisé.")
    CODE_NOT_SOLD = (
        "code_not_sold",
        N_("Ce code n'a pas encore été vendu : adressez-vous au stand qui vous l'a remis."),
    )
    CODE_VOID = "code_void", N_("Ce code a été annulé par l'exposant.")
    # Calls for entries
    INVALID_DEADLINE = (
        "invalid_deadline",
        N_("Date limite invalide : un jour et une heure de la Martinique, à venir."),
    )
    # The programme (sessions, rooms, the agenda)
    SESSION_NOT_FOUND = "not_found", N_("Séance introuvable.")
    ROOM_NOT_FOUND = "not_found", N_("Salle introuvable.")
    INVALID_SESSION_KIND = (
        "invalid_session_kind",
        N_("Type de séance inconnu. Choisissez parmi : %(allowed)s."),
    )
    INVALID_AUDIENCE = "invalid_audience", N_("Public inconnu. Choisissez parmi : %(allowed)s.")
    SESSION_TITLE_REQUIRED = "title_required", N_("Donnez le titre de la séance en français.")
    INVALID_SESSION_TIMES = (
        "invalid_session_times",
        N_("Horaires invalides : la fin suit le début, %(hours)s heures au plus."),
    )
    SESSION_OFF_GRID = (
        "session_off_grid",
        N_("Une séance commence et finit sur un quart d'heure (9 h 00, 9 h 15, 9 h 30…)."),
    )
    SESSION_OUTSIDE_WINDOW = (
        "outside_window",
        N_("La séance doit avoir lieu pendant la fenêtre du marché."),
    )
    INVALID_SPEAKER = (
        "invalid_speaker",
        N_("Intervenant invalide : un nom de 2 à %(max)s caractères."),
    )
    PREMIERE_NEEDS_ONE_WORK = (
        "premiere_needs_one_work",
        N_("Une première présente une œuvre, et une seule."),
    )
    INVALID_SEATS = "invalid_seats", N_("Nombre de places invalide : de 1 à %(max)s.")
    ROOM_TAKEN = (
        "room_taken",
        N_("La salle est déjà occupée par une autre séance à ces horaires."),
    )
    SESSION_CANCELLED = "session_cancelled", N_("Cette séance est annulée.")
    SESSION_PASSED = "session_passed", N_("Cette séance est déjà passée.")
    SESSION_FULL = (
        "session_full",
        N_("La salle est complète : plus aucune place pour cette séance."),
    )
    ROOM_TOO_SMALL = (
        "room_too_small",
        N_(
            "Cette salle est trop petite : %(taken)s personnes ont déjà cette séance dans leur agenda."
        ),
    )
    ALREADY_IN_AGENDA = "already_in_agenda", N_("Cette séance est déjà dans votre agenda.")
    NOT_IN_AGENDA = "not_found", N_("Cette séance n'est pas dans votre agenda.")
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
    MEETING_NOT_BOOKED = (
        "meeting_not_booked",
        N_("Seul un rendez-vous confirmé peut être annulé."),
    )
    # Visuals (marketplace/markets/visuals)
    VISUAL_NOT_FOUND = "not_found", N_("Visuel introuvable.")
    INVALID_VISUAL_ROLE = "invalid_visual_role", N_("Visuel inconnu : choisissez %(allowed)s.")
    VISUAL_NOT_AN_IMAGE = (
        "not_an_image",
        N_("Ce fichier n'est pas une image lisible : envoyez un JPEG, un PNG, un WebP ou un GIF."),
    )
    VISUAL_TOO_LARGE = (
        "visual_too_large",
        N_("Image trop lourde : %(max)s Mo au plus."),
    )
    VISUAL_TOO_MANY_PIXELS = (
        "image_too_big",
        N_("Image trop grande : %(side)s pixels de côté et %(pixels)s pixels au plus."),
    )
    VISUAL_TOO_SMALL = (
        "image_too_small",
        N_("Image trop petite : %(min)s pixels de côté au moins."),
    )
    # The hosted-buyer round (marketplace/markets/round)
    ROUND_NOT_FOUND = "not_found", N_("Ce marché n'a pas de tour de rendez-vous.")
    ROUND_EXISTS = "round_exists", N_("Le tour de rendez-vous de ce marché est déjà ouvert.")
    ROUND_ALREADY_RUN = (
        "round_already_run",
        N_("Le tour de rendez-vous a déjà été lancé : ses rendez-vous sont écrits."),
    )
    ROUND_DAY_WITHOUT_HOURS = (
        "round_day_without_hours",
        N_("Ouvrez d'abord des horaires de rendez-vous pour ce jour."),
    )
    ROUND_NO_WISHES = (
        "round_no_wishes",
        N_("Aucun professionnel n'a encore classé de stand : rien à planifier."),
    )
    ROUND_CATEGORY = (
        "round_category_excluded",
        N_("Votre catégorie d'accréditation ne prend pas part à ce tour."),
    )
    ROUND_WISHES = (
        "invalid_round_wishes",
        N_("Classez de 0 à %(max)s choix différents, parmi ceux proposés."),
    )
    OWN_STAND = "own_stand", N_("On ne demande pas de rendez-vous à son propre stand.")
    ACCREDITATION_REQUIRED = (
        "accreditation_required",
        N_("Les rendez-vous sont réservés aux professionnels accrédités du marché."),
    )
