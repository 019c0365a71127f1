"""Errors of a large deliverable sent in parts: a stable code each, and its French message."""

from __future__ import annotations

from infra.errors import ErrorCode
from infra.i18n.context import N_


class DeliveryUploadError(ErrorCode):
    UPLOAD_NOT_FOUND = "not_found", N_("Envoi introuvable : recommencez l'envoi de ce fichier.")
    UPLOAD_TOO_LARGE = (
        "deliverable_too_large",
        N_("Un fichier livrable envoyé en parties fait au plus %(max_gb)s Go."),
    )
    INVALID_PART = "invalid_part", N_("Les parties de cet envoi vont de 1 à %(parts)s.")
    PART_OUT_OF_ORDER = (
        "part_out_of_order",
        N_(
            "Envoyez la partie %(previous)s avant la partie %(number)s ; "
            "reprenez à la partie %(resume)s."
        ),
    )
    PART_SIZE_MISMATCH = (
        "part_size_mismatch",
        N_("La partie %(number)s fait %(size)s octets au lieu de %(expected)s."),
    )
    UPLOAD_INCOMPLETE = (
        "upload_incomplete",
        N_("Il manque des parties à cet envoi : reprenez à la partie %(resume)s."),
    )
    UPLOAD_COMPLETED = (
        "upload_completed",
        N_("Cet envoi est terminé : pour remplacer le fichier, commencez un nouvel envoi."),
    )
    PARTS_CHANGED = (
        "parts_changed",
        N_("Une partie a été renvoyée pendant l'assemblage du fichier : terminez à nouveau."),
    )
