"""The sync tiers' names and what each covers, as pages and certificates show them."""

from __future__ import annotations

from infra.i18n.context import N_
from marketplace.licensing.sync.domain import SyncTier

TIER_LABELS = {
    SyncTier.PERSONAL_WEB: N_("Vidéo web personnelle"),
    SyncTier.BUSINESS_WEB: N_("Web d'entreprise"),
    SyncTier.ADVERTISING: N_("Publicité"),
    SyncTier.BROADCAST: N_("Diffusion télévisée"),
    SyncTier.FILM_FESTIVAL: N_("Festival de films"),
}
TIER_USES = {
    SyncTier.PERSONAL_WEB: N_("Une vidéo non commerciale sur le web et les réseaux sociaux."),
    SyncTier.BUSINESS_WEB: N_(
        "Les vidéos d'une entreprise ou d'une association sur son site et ses réseaux, sans "
        "achat d'espace."
    ),
    SyncTier.ADVERTISING: N_("Une campagne publicitaire, achat d'espace compris (web, radio, TV)."),
    SyncTier.BROADCAST: N_("Un programme de télévision, ses rediffusions et son replay."),
    SyncTier.FILM_FESTIVAL: N_(
        "Un film projeté en festivals et en marchés, hors sortie en salles."
    ),
}
