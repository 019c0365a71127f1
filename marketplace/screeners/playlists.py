"""Keeping only the renditions a screener offers in an HLS master playlist."""

from __future__ import annotations

from collections.abc import Sequence


def offered_only(master: str, offered: Sequence[str]) -> str:
    """Drop each variant whose URI names a rung (a path segment such as `720p`) that is not
    offered; a URI naming no known rung is kept (the marked copies may name theirs otherwise).
    """
    wanted = set(offered)
    lines = master.splitlines()
    kept: list[str] = []
    skip_next = False
    for index, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        if line.startswith("#EXT-X-STREAM-INF") and index + 1 < len(lines):
            uri = lines[index + 1]
            segments = set(uri.split("?", 1)[0].split("/"))
            named = {s for s in segments if _is_rung(s)}
            if named and not named & wanted:
                skip_next = True
                continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def _is_rung(segment: str) -> bool:
    return segment == "audio" or (segment.endswith("p") and segment[:-1].isdigit())
