"""What an embed plays: one media URL chosen from the main player's playback description.

The embed page carries no hls.js (620 kB minified): a slow mobile connection gets a page of a
few kilobytes. It plays the progressive file when the viewer is entitled to the whole work, the
HLS stream when there is no progressive file (a film), and the preview otherwise: the same
preview/full rule as the main player, read from the same `PlaybackService`. A whole film brings
its language versions: its master playlist carries the audio tracks (the script fetches hls.js
then, and only then, to switch them where the browser has no HLS of its own) and `subtitles`
are the signed WebVTT files, shown as `<track>` elements as in the main player.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from media.access.playback import Playback

PLAYABLE_KINDS = frozenset({"audio", "video"})


@dataclass(frozen=True)
class Player:
    kind: str  # audio, video, image
    full: bool
    src: str
    poster: str | None = None
    # The preview, for a browser that cannot play `src` (an HLS stream without native HLS).
    fallback: str | None = None
    # A whole film's HLS master (with its audio versions) and its subtitles (language, kind,
    # name, url), for the entitled only.
    hls: str | None = None
    subtitles: list[dict[str, str]] = field(default_factory=list)


def player_for(playback: Playback) -> Player | None:
    """The one thing to play or show, or None when the work has no ready media yet."""
    preview = playback.preview
    kind = playback.kind
    if kind in PLAYABLE_KINDS:
        full = playback.full or {}
        src = full.get("progressive") or full.get("hls_master")
        if src:
            streamed = src == full.get("hls_master")
            fallback = preview.get("preview") if streamed else None
            return Player(
                kind,
                True,
                str(src),
                preview.get("poster"),
                fallback,
                hls=str(src) if streamed and kind == "video" else None,
                subtitles=list(playback.subtitles) if kind == "video" else [],
            )
        if preview.get("preview"):
            return Player(kind, False, preview["preview"], preview.get("poster"))
        return None
    if preview.get("image"):
        return Player("image", playback.full is not None, preview["image"])
    return None
