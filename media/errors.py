"""The media module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class MediaError(ErrorCode):
    # Finding things
    WORK_NOT_FOUND = "not_found", N_("Œuvre introuvable.")
    UPLOAD_NOT_FOUND = "not_found", N_("Envoi introuvable.")
    MEDIA_NOT_FOUND = "not_found", N_("Média introuvable.")
    FORMAT_NOT_OFFERED = "format_not_offered", N_("Ce format de téléchargement n'est pas proposé.")
    # Playback links
    TOKEN_MALFORMED = "invalid_token", N_("Lien de lecture refusé : il est mal formé.")
    TOKEN_FORGED = "invalid_token", N_("Lien de lecture refusé : sa signature n'est pas valide.")
    TOKEN_EXPIRED = "invalid_token", N_("Lien de lecture refusé : il a expiré. Rechargez la page.")
    NOT_YOUR_LINK = "invalid_token", N_("Ce lien de lecture appartient à quelqu'un d'autre.")
    # Plays (the play protocol: media/plays/)
    NOT_PLAYABLE = "not_playable", N_("Ce lien sert à télécharger, pas à écouter.")
    PLAY_NOT_FOUND = "not_found", N_("Lecture introuvable.")
    PLAY_TOKEN_EXPIRED = (
        "token_expired",
        N_("Lien de lecture expiré : cette lecture est close. Rechargez la page pour réécouter."),
    )
    PLAY_ALREADY_OPEN = (
        "play_open",
        N_("Une lecture est déjà ouverte avec ce lien : continuez-la, ou terminez-la d'abord."),
    )
    PLAY_OTHER_WORK = (
        "play_other_work",
        N_("Ce lien de lecture est celui d'une autre œuvre que cette lecture."),
    )
    PLAY_OTHER_TOKEN = (
        "play_other_token",
        N_("Cette lecture a été ouverte avec un autre lien de lecture."),
    )
    PLAY_CLOSED = "play_closed", N_("Cette lecture est terminée : ouvrez-en une autre.")
    HEARD_TOO_MUCH = (
        "heard_too_much",
        N_(
            "Refusé : %(heard)s s d'écoute annoncées, mais seulement %(elapsed)s s écoulées "
            "depuis l'ouverture de la lecture."
        ),
    )
    RANGE_NOT_SATISFIABLE = (
        "range_not_satisfiable",
        N_("La plage d'octets demandée n'existe pas dans ce fichier."),
    )
    # Uploads
    KIND_NOT_ALLOWED = (
        "kind_not_allowed",
        N_("Un média de type « %(kind)s » ne peut pas servir de « %(role)s »."),
    )
    INVALID_LANGUAGE = (
        "invalid_language",
        N_(
            "Langue inconnue : « %(tag)s ». Indiquez une étiquette de langue BCP 47 valide "
            "(fr, gcf-MQ, en, es, pt-BR…)."
        ),
    )
    # Language versions (media/tracks/)
    INVALID_TRACK_KIND = (
        "invalid_track_kind",
        N_("Nature de piste inconnue : « %(kind)s ». Choisissez parmi : %(allowed)s."),
    )
    AUDIO_TRACK_NEEDS_VIDEO = (
        "audio_track_needs_video",
        N_(
            "Seule une œuvre vidéo reçoit d'autres pistes audio : envoyez d'abord la vidéo. "
            "Une autre version d'un morceau est une œuvre à part."
        ),
    )
    TRACK_EXISTS = (
        "track_exists",
        N_(
            "Cette œuvre a déjà une piste « %(kind)s » en %(language)s : retirez-la avant d'en "
            "envoyer une autre."
        ),
    )
    NOT_A_TRACK = (
        "not_a_track",
        N_("Seules les autres pistes audio et les sous-titres se retirent ainsi."),
    )
    TRACK_BUSY = (
        "track_busy",
        N_("Cette piste ne peut pas être retirée maintenant (état : %(state)s)."),
    )
    DURATION_MISMATCH = (
        "duration_mismatch",
        N_(
            "La piste audio dure %(track)s s, la vidéo %(video)s s : l'écart dépasse "
            "%(tolerance)s s."
        ),
    )
    FILE_TOO_LARGE = (
        "too_large",
        N_("Fichier trop gros : les envois de type « %(kind)s » sont limités à %(megabytes)s Mo."),
    )
    EMPTY_FILE = "empty_file", N_("La taille doit être positive : les fichiers vides sont refusés.")
    INVALID_PREVIEW = (
        "invalid_preview",
        N_(
            "Extrait : le début doit être positif ou nul, et la durée comprise entre 5 et "
            "%(max)s secondes."
        ),
    )
    UPLOAD_NOT_OPEN = "upload_closed", N_("Cet envoi n'est plus ouvert (état : %(state)s).")
    NOTHING_TO_CANCEL = (
        "upload_closed",
        N_("L'envoi est terminé (état : %(state)s) : rien à annuler."),
    )
    UPLOAD_EXPIRED = "upload_expired", N_("Cet envoi a expiré : recommencez-le.")
    NOT_DIRECT_UPLOAD = (
        "not_direct_upload",
        N_("Cet envoi fait passer ses parties par l'application."),
    )
    DIRECT_UPLOAD = (
        "direct_upload",
        N_("Envoyez les parties directement à leurs adresses présignées."),
    )
    PART_OUT_OF_RANGE = (
        "part_out_of_range",
        N_("La partie %(number)s n'existe pas : les parties vont de 1 à %(count)s."),
    )
    PART_OUT_OF_ORDER = (
        "part_out_of_order",
        N_(
            "La partie %(number)s est arrivée avant la partie %(previous)s : reprenez à la "
            "partie %(resume)s."
        ),
    )
    PART_SIZE_MISMATCH = (
        "part_size_mismatch",
        N_("La partie %(number)s fait %(size)s octets au lieu de %(expected)s."),
    )
    UPLOAD_INCOMPLETE = "upload_incomplete", N_("Parties manquantes : %(parts)s.")
    SIZE_MISMATCH = (
        "size_mismatch",
        N_("%(received)s octets reçus, alors que %(declared)s étaient annoncés."),
    )
    BODY_TOO_LARGE = (
        "size_mismatch",
        N_("Le corps de la requête dépasse les %(limit)s octets annoncés."),
    )
    STORAGE_UNAVAILABLE = (
        "storage_unavailable",
        N_(
            "Le stockage des fichiers ne répond pas : rien n'a été enregistré. Réessayez dans "
            "un instant, les parties déjà reçues sont gardées."
        ),
    )
    STORAGE_FULL = (
        "storage_full",
        N_(
            "L'espace de stockage est plein : rien n'a été enregistré. Réessayez plus tard, "
            "les parties déjà reçues sont gardées."
        ),
    )
