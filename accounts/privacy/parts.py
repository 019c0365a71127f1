"""What each core module's part of the archive holds, as the archive's README says it.

The wording is the privacy module's (one catalogue to translate); a module outside this list
(an extension) says it with `PersonalData.description`, translated by its own catalogue.
"""

from __future__ import annotations

from infra.i18n.context import N_

DESCRIPTIONS: dict[str, str] = {
    "consents": N_(
        "Les versions des conditions d'utilisation et de la politique de confidentialité "
        "que vous avez acceptées, et quand."
    ),
    "accounts": N_(
        "Votre compte : adresse e-mail, nom affiché, rôle, langue, dates d'inscription et de "
        "confirmation, sessions et jetons d'API ouverts, second facteur activé ou non."
    ),
    "notifications": N_(
        "Vos notifications (centre de notifications), vos choix de notification par type, "
        "et les e-mails que Lakou vous a envoyés ou va vous envoyer (adresse, objet, état)."
    ),
    "organisations": N_(
        "Les organisations dont vous êtes membre (avec votre rôle) et les invitations "
        "envoyées à votre adresse."
    ),
    "audit": N_(
        "Les actions d'administration que vous avez faites (journal d'audit) : date, action, "
        "objet et adresse IP. Elles sont gardées après la suppression du compte, sans lien "
        "avec vous."
    ),
    "catalogue": N_(
        "Vos profils de créateur et vos œuvres (titres, descriptions, crédits, identifiants, "
        "visibilité, dates)."
    ),
    "media": N_(
        "Vos fichiers envoyés (les originaux sont dans le dossier files/media de l'archive) "
        "et les œuvres que vous pouvez écouter ou voir en entier."
    ),
    "offers": N_("Vos offres (prix de vos œuvres et lots) et les codes de réduction émis."),
    "orders": N_(
        "Vos commandes (lignes, montants, pays, paiement), vos téléchargements et votre panier. "
        "Après la suppression du compte, les commandes restent dix ans sans lien avec vous : "
        "la loi impose de garder les factures et la comptabilité."
    ),
    "revenue": N_(
        "Vos fiches de partage des droits, les ayants droit que vous êtes ou gérez, vos "
        "relevés (écritures du grand livre) et vos versements. La comptabilité reste dix ans "
        "sans lien avec vous."
    ),
    "activity": N_("L'historique de vos œuvres : créations, publications, retraits."),
    "imports": N_(
        "Les catalogues que vous avez importés : chaque ligne envoyée (titre, nom de fichier) "
        "et ce qu'elle est devenue."
    ),
}
