"""What pages call reasons, decisions and outcomes, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from infra.i18n.context import N_, gettext

REASONS = {
    "rights": N_("Atteinte aux droits (droit d'auteur, marque, image)"),
    "hateful": N_("Contenu haineux ou violent"),
    "illegal": N_("Contenu illégal"),
    "spam": N_("Spam ou fraude"),
    "metadata": N_("Informations erronées (titre, crédits, discipline)"),
    "other": N_("Autre"),
}
ACTIONS = {
    "dismiss": N_("Classer sans suite"),
    "hide": N_("Masquer en attendant des corrections"),
    "take_down": N_("Retirer du site"),
}
OUTCOMES = {
    "upheld": N_("Maintenir la décision"),
    "reversed": N_("Annuler la décision (rétablir)"),
}
# An item's state as its module gives it (`TargetSummary.status`).
STATUSES = {
    "draft": N_("brouillon"),
    "processing": N_("en traitement"),
    "published": N_("publiée"),
    "withdrawn": N_("retirée"),
    "private": N_("privée"),
    "profile": N_("profil public"),
}
KINDS = {"work": N_("Œuvre"), "creator": N_("Profil de créateur"), "stand": N_("Stand d'un marché")}


def _label(table: Mapping[str, str], value: str) -> str:
    return gettext(table[value]) if value in table else value


def moderation_helpers(_: str) -> Mapping[str, Any]:
    """Template helpers: the reasons to choose from and each code's label."""
    return {
        "report_reasons": lambda: [(value, gettext(label)) for value, label in REASONS.items()],
        "report_reason_label": lambda value: _label(REASONS, value),
        "moderation_action_label": lambda value: _label(ACTIONS, value),
        "moderation_outcome_label": lambda value: _label(OUTCOMES, value),
        "moderation_kind_label": lambda value: _label(KINDS, value),
        "moderation_status_label": lambda value: _label(STATUSES, value),
    }
