"""The calls module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class CallError(ErrorCode):
    # Finding one (what is not the caller's is not found, never forbidden)
    NOT_FOUND = "not_found", N_("Appel introuvable.")
    SUBMISSION_NOT_FOUND = "not_found", N_("Candidature introuvable.")
    WORK_NOT_FOUND = "not_found", N_("Œuvre introuvable dans votre catalogue.")
    FILE_NOT_FOUND = "not_found", N_("Fichier introuvable.")
    # The call itself
    INVALID_SCOPE = (
        "invalid_scope",
        N_("Portée invalide : un type (minuscules) et un identifiant (64 caractères au plus)."),
    )
    INVALID_TEXTS = (
        "invalid_texts",
        N_("Donnez un titre en français (de 1 à %(max)s caractères) ; les langues : %(allowed)s."),
    )
    INVALID_WINDOW = (
        "invalid_window",
        N_("La date limite doit suivre la date d'ouverture."),
    )
    INVALID_TIME_ZONE = "invalid_time_zone", N_("Fuseau horaire inconnu : %(zone)s.")
    UNKNOWN_DISCIPLINE = (
        "invalid_eligibility",
        N_("Discipline inconnue : %(value)s. Choisissez parmi : %(allowed)s."),
    )
    UNKNOWN_APPLICANT_KIND = (
        "invalid_eligibility",
        N_("Type de candidat inconnu : %(value)s. Choisissez parmi : %(allowed)s."),
    )
    INVALID_MAX_SUBMISSIONS = (
        "invalid_eligibility",
        N_("Nombre de candidatures par personne : de 1 à %(max)s."),
    )
    INVALID_FEE = "invalid_fee", N_("Frais de dossier invalides : de 0 à %(max)s centimes.")
    FEE_TOO_LOW = (
        "invalid_fee",
        N_("Des frais de dossier de %(min)s centimes au moins, ou aucun (0)."),
    )
    FEES_UNAVAILABLE = (
        "fees_unavailable",
        N_("Les frais de dossier ne sont pas encore proposés : l'appel reste gratuit."),
    )
    INVALID_QUESTION = (
        "invalid_form",
        N_(
            "Question « %(key)s » invalide : une clé unique (minuscules, chiffres, _), un type "
            "connu, un libellé en français, au moins deux options pour un choix."
        ),
    )
    TOO_MANY_QUESTIONS = "invalid_form", N_("Un formulaire a %(max)s questions au plus.")
    INVALID_CRITERION = (
        "invalid_grid",
        N_(
            "Critère « %(key)s » invalide : une clé unique, un libellé en français, un poids de "
            "1 à 100 et une échelle de 2 à 100 points."
        ),
    )
    TOO_MANY_CRITERIA = "invalid_grid", N_("Une grille a %(max)s critères au plus.")
    INVALID_TRANSITION = (
        "invalid_transition",
        N_("Impossible depuis l'état « %(state)s » de l'appel."),
    )
    NOT_EDITABLE = (
        "call_not_editable",
        N_("Un appel ouvert ne change plus de formulaire, de règles ni de grille."),
    )
    # Applicants
    CALL_CLOSED = "call_closed", N_("Cet appel n'accepte pas de candidature : il est clos.")
    NOT_OPEN_YET = "call_not_open", N_("Cet appel n'est pas encore ouvert.")
    KIND_NOT_ELIGIBLE = (
        "not_eligible",
        N_("Cet appel est ouvert aux candidats suivants : %(allowed)s."),
    )
    DISCIPLINE_NOT_ELIGIBLE = (
        "not_eligible",
        N_("Cet appel retient les œuvres de ces disciplines : %(allowed)s."),
    )
    TOO_MANY_SUBMISSIONS = (
        "too_many_submissions",
        N_("%(max)s candidature(s) au plus par personne pour cet appel."),
    )
    INVALID_ANSWER = "invalid_answer", N_("Question « %(question)s » : réponse invalide.")
    ANSWER_REQUIRED = "answer_required", N_("Question « %(question)s » : réponse requise.")
    ANSWER_TOO_LONG = (
        "invalid_answer",
        N_("Question « %(question)s » : %(max)s caractères au plus."),
    )
    ANSWER_NOT_AN_OPTION = (
        "invalid_answer",
        N_("Question « %(question)s » : choisissez parmi les options proposées."),
    )
    ANSWER_FILE_MISSING = (
        "invalid_answer",
        N_("Question « %(question)s » : joignez d'abord le fichier à la candidature."),
    )
    UNKNOWN_QUESTION = (
        "invalid_answer",
        N_("Le formulaire ne pose pas de question « %(question)s »."),
    )
    ANSWERS_NOT_AN_OBJECT = (
        "invalid_answer",
        N_("Les réponses sont un objet : la clé de chaque question, puis sa réponse."),
    )
    ALREADY_SUBMITTED = (
        "already_submitted",
        N_("Cette candidature est déjà envoyée : elle ne change plus."),
    )
    INVALID_FILE = (
        "invalid_file",
        N_("Fichier refusé : PDF, PNG ou JPEG, non vide, de %(max)s Mo au plus."),
    )
    TOO_MANY_FILES = "too_many_files", N_("%(max)s fichiers au plus par candidature.")
    FEE_UNPAID = (
        "fee_unpaid",
        N_("Réglez les frais de dossier de cet appel avant d'envoyer la candidature."),
    )
    NO_FEE = "no_fee", N_("Cet appel est gratuit : il n'y a pas de frais à offrir.")
    # Managers and reviewers
    NOT_MANAGER = "call_manager_required", N_("Réservé aux gestionnaires de cet appel.")
    NOT_REVIEWER = "reviewer_required", N_("Vous n'évaluez pas les candidatures de cet appel.")
    REVIEWER_UNKNOWN = "reviewer_unknown", N_("Aucun compte Lakou n'a cette adresse.")
    CONFLICT_OF_INTEREST = (
        "conflict_of_interest",
        N_("Vous avez déclaré un conflit d'intérêts pour cette candidature : un autre la note."),
    )
    INVALID_SCORE = (
        "invalid_score",
        N_("Note invalide pour « %(criterion)s » : un entier de 0 à %(scale)s."),
    )
    SCORE_INCOMPLETE = (
        "invalid_score",
        N_("Notez chaque critère de la grille (il manque « %(criterion)s »)."),
    )
    INVALID_COMMENT = "invalid_score", N_("Commentaire : %(max)s caractères au plus.")
    NO_GRID = "invalid_score", N_("Cet appel n'a pas de grille de notation.")
    NOT_SUBMITTED = (
        "submission_not_submitted",
        N_("Seules les candidatures envoyées sont évaluées et décidées."),
    )
    DECISION_FINAL = (
        "decision_final",
        N_("Une candidature retenue ou refusée ne change plus de décision."),
    )
    INVALID_DECISION = (
        "invalid_decision",
        N_("Décision inconnue : %(decision)s. Choisissez parmi : %(allowed)s."),
    )
    NOT_CLOSED = (
        "call_not_closed",
        N_("Les décisions se prennent une fois l'appel clos."),
    )
