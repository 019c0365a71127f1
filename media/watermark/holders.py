"""Who a holder is, for the operator reading `lakou trace`: a port the tracer's consumer owns.

Media only knows opaque holder references; the module that issued them (the screeners: an
invitation id) says whom they name. Nothing registered: the command prints the reference only.
"""

from __future__ import annotations

from typing import Protocol


class HolderNames(Protocol):
    async def describe(self, holder_ref: str) -> str | None:
        """The person a holder reference was issued to, in one line; None if unknown."""
        ...
