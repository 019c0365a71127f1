"""The scheduling module's errors: a stable code each, and the French message clients get
translated (see `infra.errors`)."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class SchedulingError(ErrorCode):
    # Calendars, resources and windows
    CALENDAR_NOT_FOUND = "not_found", N_("Calendrier introuvable.")
    RESOURCE_NOT_FOUND = "not_found", N_("Ressource introuvable.")
    BOOKING_NOT_FOUND = "not_found", N_("Réservation introuvable.")
    NOT_A_MANAGER = "not_a_manager", N_("Vous ne gérez pas ce calendrier.")
    UNKNOWN_TIME_ZONE = "unknown_time_zone", N_("Fuseau horaire inconnu : %(zone)s.")
    BAD_SLOT_LENGTH = (
        "bad_slot_length",
        N_("Un créneau dure de %(low)s à %(high)s minutes."),
    )
    BAD_CAPACITY = "bad_capacity", N_("La capacité va de 1 à %(high)s places.")
    WINDOW_TOO_SHORT = (
        "window_too_short",
        N_("Une plage horaire doit finir après son début et tenir au moins un créneau."),
    )
    WINDOWS_OVERLAP = "windows_overlap", N_("Cette plage horaire chevauche une autre plage.")
    PERSON_ALREADY_LISTED = (
        "person_already_listed",
        N_("Cette personne a déjà son agenda dans ce calendrier."),
    )
    # Bookings
    NOT_A_SLOT = "not_a_slot", N_("Ce moment n'est pas le début d'un créneau ouvert.")
    SLOT_TAKEN = "slot_taken", N_("Ce créneau vient d'être pris : choisissez-en un autre.")
    SLOT_PASSED = "slot_passed", N_("Ce créneau est passé.")
    NOT_A_PERSON = "not_a_person", N_("Réservez une table ou une salle, pas une personne.")
    BOOKED_BY_OWNER = (
        "booked_through_owner",
        N_("Ce calendrier se réserve depuis sa propre page (rendez-vous, programme), pas ici."),
    )
    TOO_MANY_RESOURCES = (
        "too_many_resources",
        N_("Une réservation tient au plus %(limit)s ressources."),
    )
    MIXED_CALENDARS = (
        "mixed_calendars",
        N_("Les ressources réservées ensemble sont du même calendrier."),
    )
    ALREADY_CANCELLED = "already_cancelled", N_("Cette réservation est déjà annulée.")
    NOT_FULL = "not_full", N_("Il reste de la place : réservez directement.")
    ALREADY_WAITING = "already_waiting", N_("Vous êtes déjà sur la liste d'attente de ce créneau.")
    # Calendar feeds
    FEED_NOT_FOUND = "not_found", N_("Agenda introuvable.")
