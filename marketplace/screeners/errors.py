"""The screeners module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class ScreenerError(ErrorCode):
    WORK_NOT_FOUND = "not_found", N_("Œuvre introuvable, ou vous n'en détenez pas les droits.")
    SCREENER_NOT_FOUND = "not_found", N_("Screener introuvable.")
    NO_MEDIA = "no_media", N_("Cette œuvre n'a pas encore de média : envoyez-le d'abord.")
    WORK_PROCESSING = (
        "work_processing",
        N_("Le média de cette œuvre est encore en traitement : réessayez quand il sera prêt."),
    )
    MEDIA_UNUSABLE = (
        "media_unusable",
        N_("Le média de cette œuvre a été refusé ou a échoué : envoyez-en un autre."),
    )
    KIND_NOT_SCREENABLE = (
        "kind_not_screenable",
        N_("Un screener montre un film, un enregistrement audio ou un livre, pas : %(kind)s."),
    )
    INVALID_WINDOW = (
        "invalid_window",
        N_(
            "La fenêtre de visionnage doit finir après son début, dans le futur, et durer %(max)s jours au plus."
        ),
    )
    INVALID_MAX_VIEWS = (
        "invalid_max_views",
        N_("Le nombre de visionnages par personne va de 1 à %(max)s."),
    )
    INVALID_PASSWORD = (
        "invalid_password",
        N_("Le mot de passe du screener fait de %(min)s à %(max)s caractères."),
    )
    INVALID_COUNTRY = (
        "invalid_country",
        N_("Code pays inconnu : %(country)s. Donnez des codes ISO à deux lettres (FR, MQ, US…)."),
    )
    COUNTRIES_UNAVAILABLE = (
        "countries_unavailable",
        N_(
            "Restreindre les pays est impossible ici : le site ne reçoit pas le pays des visiteurs "
            "(LAKOU_COUNTRY_HEADER n'est pas configuré). Retirez la restriction ou demandez à "
            "l'équipe technique de la configurer."
        ),
    )
    UNKNOWN_RENDITION = (
        "unknown_rendition",
        N_("Qualité inconnue : %(rendition)s. Choisissez parmi : %(allowed)s."),
    )
    UNKNOWN_POLICY = (
        "invalid_session_policy",
        N_("Règle de sessions inconnue : %(policy)s. Choisissez parmi : %(allowed)s."),
    )
    DOWNLOAD_BOOKS_ONLY = (
        "download_books_only",
        N_("Seul un livre peut être téléchargé depuis un screener."),
    )
    NO_AUDIENCE = "no_audience", N_("Invitez au moins une personne, une organisation ou un marché.")
    UNKNOWN_AUDIENCE = (
        "invalid_audience",
        N_("Public inconnu : %(kind)s. Choisissez parmi : %(allowed)s."),
    )
    INVALID_EMAIL = "invalid_email", N_("Adresse e-mail invalide : %(email)s.")
    TOO_MANY_VIEWERS = (
        "too_many_viewers",
        N_("Un screener invite %(max)s personnes au plus."),
    )
    ORGANISATION_NOT_FOUND = "not_found", N_("Organisation introuvable.")
    MARKET_NOT_FOUND = "not_found", N_("Marché introuvable.")
    MARKET_AUDIENCE_NEEDS_STAND = (
        "market_audience_needs_stand",
        N_(
            "Seul un exposant peut inviter les professionnels accrédités d'un marché : faites le "
            "screener depuis votre stand de ce marché."
        ),
    )
    INVALID_CATEGORY = (
        "invalid_category",
        N_("Catégorie d'accréditation inconnue : %(category)s. Choisissez parmi : %(allowed)s."),
    )
    INVITATION_NOT_FOUND = "not_found", N_("Invitation introuvable.")
    NOT_OPEN_YET = (
        "screener_not_open",
        N_("Ce screener ouvre le %(opens_at)s (UTC) : revenez à ce moment-là."),
    )
    CLOSED = "screener_closed", N_("La fenêtre de visionnage de ce screener est close.")
    VIEW_LIMIT = (
        "view_limit_reached",
        N_("Vous avez utilisé vos %(max)s visionnages de ce screener."),
    )
    PASSWORD_REQUIRED = "password_required", N_("Ce screener demande un mot de passe.")
    WRONG_PASSWORD = "wrong_password", N_("Mot de passe incorrect.")
    COUNTRY_UNKNOWN = (
        "country_unknown",
        N_(
            "Votre pays n'a pas pu être déterminé : ce screener n'est ouvert que dans certains pays."
        ),
    )
    COUNTRY_NOT_ALLOWED = (
        "country_not_allowed",
        N_("Ce screener n'est pas ouvert dans votre pays (%(country)s)."),
    )
    IN_USE = (
        "screener_in_use",
        N_("Ce screener est déjà ouvert dans un autre navigateur : fermez-le d'abord."),
    )
    VIEWING_ENDED = (
        "viewing_ended",
        N_(
            "Cette séance est terminée : le screener a été ouvert ailleurs ou sa fenêtre est close."
        ),
    )
    NOT_YOUR_LINK = (
        "not_your_link",
        N_("Ce lien de visionnage a été donné à une autre personne."),
    )
    INVALID_LINK = "invalid_link", N_("Lien de visionnage invalide ou expiré.")
    NOT_READY = (
        "screener_preparing",
        N_("Les copies de ce screener sont en préparation : réessayez dans quelques minutes."),
    )
    PREPARATION_FAILED = (
        "screener_failed",
        N_("La préparation de ce screener a échoué : prévenez la personne qui vous l'a envoyé."),
    )
    WORK_WITHDRAWN = (
        "work_withdrawn",
        N_("Cette œuvre a été retirée : ses screeners ne peuvent plus être regardés."),
    )
    INVITATION_REVOKED = (
        "invitation_revoked",
        N_("Cette invitation a été retirée par la personne qui vous l'avait envoyée."),
    )
    NOT_A_DOCUMENT = "not_a_document", N_("Ce screener ne contient pas de livre.")
    NOT_A_STREAM = "not_a_stream", N_("Ce screener ne contient ni film ni audio.")
    INVALID_EVENT = (
        "invalid_event",
        N_("Événement de lecture inconnu : %(event)s. Choisissez parmi : %(allowed)s."),
    )
