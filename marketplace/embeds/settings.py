"""Who may frame Lakou's embed pages, read once at start-up.

`LAKOU_EMBEDS_FRAME_ANCESTORS`: CSP `frame-ancestors` sources separated by spaces or commas.
By default `*`: any site may embed a public work, as with Bandcamp's or PeerTube's players.
An operator who wants an allow-list names the sites (`https://festival.example
https://*.example.org`). Only the embed pages are concerned; every other page stays
`frame-ancestors 'none'`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from infra.settings import SettingsError, SettingsReader

VARIABLE = "LAKOU_EMBEDS_FRAME_ANCESTORS"
# What CSP accepts as a frame-ancestors source that names sites: `*`, a scheme, or an origin
# (its host may start with a `*.` wildcard). Anything else, quotes or `;` included, would
# change the policy's meaning, so it is refused at start-up.
_SOURCE = re.compile(
    r"^(\*|'self'|https?:|https?://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?)$"
)


@dataclass(frozen=True)
class EmbedSettings:
    frame_ancestors: tuple[str, ...] = ("*",)

    @classmethod
    def read(cls, reader: SettingsReader) -> EmbedSettings:
        raw = reader.raw(VARIABLE)
        if raw is None:
            return cls()
        sources: list[str] = []
        for part in raw.replace(",", " ").split():
            source = part.strip().lower().rstrip("/")
            if not _SOURCE.match(source):
                raise SettingsError(
                    f"{VARIABLE}: {part!r} is not a site (`*`, `https:` or an origin such as "
                    "https://festival.example)"
                )
            if source not in sources:
                sources.append(source)
        return cls(tuple(sources) or ("*",))
