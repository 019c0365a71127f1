"""What a licence may cover: the media (exploitation rights) a mandate or a deal names."""

from __future__ import annotations

from enum import StrEnum

from infra.i18n.context import N_


class Medium(StrEnum):
    SVOD = "svod"
    AVOD = "avod"
    TVOD = "tvod"
    FREE_TV = "free_tv"
    PAY_TV = "pay_tv"
    THEATRICAL = "theatrical"
    AIRLINE = "airline"
    SYNC_FILM = "sync_film"
    SYNC_ADVERTISING = "sync_advertising"
    SYNC_GAMES = "sync_games"
    SYNC_WEB = "sync_web"
    LIVE = "live"
    PRINT = "print"
    AUDIOBOOK = "audiobook"
    TRANSLATION = "translation"
    REMAKE = "remake"


MEDIUM_LABELS: dict[Medium, str] = {
    Medium.SVOD: N_("Vidéo à la demande par abonnement (SVOD)"),
    Medium.AVOD: N_("Vidéo à la demande gratuite avec publicité (AVOD)"),
    Medium.TVOD: N_("Vidéo à la demande à l'acte (TVOD)"),
    Medium.FREE_TV: N_("Télévision gratuite"),
    Medium.PAY_TV: N_("Télévision payante"),
    Medium.THEATRICAL: N_("Salles de cinéma"),
    Medium.AIRLINE: N_("Compagnies aériennes"),
    Medium.SYNC_FILM: N_("Synchronisation : film"),
    Medium.SYNC_ADVERTISING: N_("Synchronisation : publicité"),
    Medium.SYNC_GAMES: N_("Synchronisation : jeu vidéo"),
    Medium.SYNC_WEB: N_("Synchronisation : web"),
    Medium.LIVE: N_("Spectacle vivant"),
    Medium.PRINT: N_("Édition imprimée"),
    Medium.AUDIOBOOK: N_("Livre audio"),
    Medium.TRANSLATION: N_("Traduction"),
    Medium.REMAKE: N_("Adaptation, remake"),
}
