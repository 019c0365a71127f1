"""The screeners' marked copies are media's: `MarkedCopies` serves the `MarkedStreams` port.

Screeners sit above media in the layers, but their contract with the watermark is their own
port, so they never name media's internals; this composition-root step plugs one into the
other. Nothing unmarked is registered any more: a screener either plays its viewer's marked
A/B sequence, says it is being prepared, or says its preparation failed. In the other
direction, the screeners tell media whom a holder (an invitation) names and whether it was
withdrawn.
"""

from __future__ import annotations

from infra.services import Services
from marketplace.catalogue.repository import PiccoloCatalogueRepository
from marketplace.screeners.adapters import CatalogueWorks
from marketplace.screeners.holders import InvitationHolders
from marketplace.screeners.ports import MarkedStreams
from marketplace.screeners.repository import ScreenerRepository
from media.watermark.holders import HolderGate, HolderNames
from media.watermark.service import MarkedCopies


def serve_marked_copies(services: Services) -> None:
    """Called once media's `wire` has registered `MarkedCopies`."""
    # Typed so that mypy checks the watermark still honours the screeners' contract.
    streams: MarkedStreams = services.get(MarkedCopies)
    services.register(streams, as_type=MarkedStreams)
    # Holders are invitations: `lakou trace` names the invited person behind one, and the
    # marked segments' route stops serving a withdrawn one (or one whose work was withdrawn).
    holders = InvitationHolders(ScreenerRepository(), CatalogueWorks(PiccoloCatalogueRepository()))
    names: HolderNames = holders
    gate: HolderGate = holders
    services.register(names, as_type=HolderNames)
    services.replace(gate, as_type=HolderGate)
