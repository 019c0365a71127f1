"""Each rendition of an asset has its own state: being made, published (playable at once) or
failed for good. The asset's status follows from them (`stage`).

Pure Python. An audio track is made as a preview, a stream, downloads and a waveform; a film
as a preview (with its poster) and a stream; other kinds as one set of files. The worker
publishes each one the moment it is made, so the preview plays while the rest is made.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from infra.i18n.context import N_, gettext


class Rendition(StrEnum):
    PREVIEW = "preview"  # the excerpt anyone may hear (video: with its poster)
    STREAM = "stream"  # HLS: the whole work, for the entitled (video: its lowest rung)
    LADDER = "ladder"  # video: the other rungs, joined into the stream's master playlist
    M4A = "m4a"  # progressive AAC: the whole work without HLS
    MP3 = "mp3"
    FLAC = "flac"  # lossless sources only
    WAVEFORM = "waveform"
    FILES = "files"  # images, subtitles: one set, made at once


class RenditionState(StrEnum):
    MAKING = "making"
    READY = "ready"  # stored and in the manifest: playable or downloadable now
    FAILED = "failed"  # failed for a reason a retry cannot fix; `code` says which


# What makes a work playable at all: with either published, a failed rest leaves it playable.
PLAYABLE = frozenset({Rendition.PREVIEW, Rendition.STREAM, Rendition.FILES})

RENDITION_LABELS: dict[str, str] = {
    Rendition.PREVIEW: N_("extrait"),
    Rendition.STREAM: N_("flux complet"),
    Rendition.LADDER: N_("autres qualités vidéo"),
    Rendition.M4A: N_("fichier M4A"),
    Rendition.MP3: N_("téléchargement MP3"),
    Rendition.FLAC: N_("téléchargement FLAC"),
    Rendition.WAVEFORM: N_("forme d'onde"),
    Rendition.FILES: N_("fichiers"),
}

RENDITION_STATE_LABELS: dict[str, str] = {
    RenditionState.MAKING: N_("en préparation"),
    RenditionState.READY: N_("prêt"),
    RenditionState.FAILED: N_("échec"),
}


def failure_code(name: str) -> str:
    """The stable code of a rendition that failed for good: `stream_failed`, `mp3_failed`..."""
    return f"{name}_failed"


def planned(
    current: Mapping[str, Mapping[str, Any]], names: list[Rendition]
) -> dict[str, dict[str, Any]]:
    """The states for a (re)started job: what is published or failed stays; the rest is made."""
    states: dict[str, dict[str, Any]] = {}
    for name in names:
        known = current.get(name)
        settled = known is not None and known.get("state") != RenditionState.MAKING
        states[name] = dict(known) if settled and known else {"state": RenditionState.MAKING}
    return states


def still_to_make(states: Mapping[str, Mapping[str, Any]]) -> list[str]:
    return [name for name, state in states.items() if state["state"] == RenditionState.MAKING]


def rendition_view(states: Mapping[str, Mapping[str, Any]]) -> list[dict[str, str | None]]:
    """The states as the studio and the player show them, in the active language."""
    return [
        {
            "name": name,
            "label": gettext(RENDITION_LABELS.get(name, name)),
            "state": str(state["state"]),
            "state_label": gettext(RENDITION_STATE_LABELS.get(state["state"], state["state"])),
            "code": state.get("code"),
        }
        for name, state in states.items()
    ]
