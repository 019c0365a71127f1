"""JSON shapes for a market's visuals."""

from __future__ import annotations

import msgspec

from marketplace.markets.visuals.domain import Visual, VisualFormat


class VisualOut(msgspec.Struct):
    role: str
    sha256: str
    width: int
    height: int
    widths: list[int]
    webp: dict[str, str]  # width → path
    jpeg: dict[str, str]

    @classmethod
    def of(cls, visual: Visual) -> VisualOut:
        return cls(
            role=visual.role.value,
            sha256=visual.sha256,
            width=visual.width,
            height=visual.height,
            widths=list(visual.widths),
            webp={str(w): visual.path(w, VisualFormat.WEBP) for w in visual.widths},
            jpeg={str(w): visual.path(w, VisualFormat.JPEG) for w in visual.widths},
        )
