"""Who holders are, asked of the module that issued them: ports the watermark owns.

Media only knows opaque holder references; the module that issued them (the screeners: an
invitation id) says whom they name (`HolderNames`, for the operator reading `lakou trace`) and
whether they may still be served (`HolderGate`, asked on every marked playlist and segment, so
withdrawing a holder stops its links before they expire). Until another module registers them,
holders are named by their reference only and every correctly signed link is served.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


class HolderNames(Protocol):
    async def describe(self, holder_ref: str) -> str | None:
        """The person a holder reference was issued to, in one line; None if unknown."""
        ...


# Runtime-checkable: litestar checks what a route's dependency is.
@runtime_checkable
class HolderGate(Protocol):
    async def admits(self, holder_ref: str) -> bool:
        """False once the holder was withdrawn by the module that issued it."""
        ...


class EveryHolder:
    """The default gate: the URL's signature alone decides."""

    async def admits(self, holder_ref: str) -> bool:
        return True
