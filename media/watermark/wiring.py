"""The marked copies' services, registered by the media module (`ModuleSpec.wire`)."""

from __future__ import annotations

from functools import partial

from infra.db.unit_of_work import PiccoloUnitOfWork
from infra.services import Services
from infra.settings import Settings
from media.assets.repository import AssetRepository
from media.storage.port import ObjectStorage
from media.watermark.holders import EveryHolder, HolderGate
from media.watermark.preparation import MarkedPreparation
from media.watermark.repository import MarkedRepository
from media.watermark.service import MarkedCopies
from media.watermark.signing import MarkedUrlSigner
from media.watermark.tables import MarkedCopyRow
from media.watermark.tracing import TraceService


def register_watermark(services: Services) -> None:
    settings = services.get(Settings)
    storage: ObjectStorage = services.get(ObjectStorage)  # type: ignore[type-abstract]
    # The tables are bound to the process's engine by the composition root.
    unit_of_work = partial(PiccoloUnitOfWork, MarkedCopyRow._meta.db)
    repository, assets = MarkedRepository(), AssetRepository()
    signer = MarkedUrlSigner(settings.secret_key)
    services.register(signer)
    services.register(MarkedCopies(repository, assets, unit_of_work, storage, signer))
    services.register(MarkedPreparation(settings.media, storage, unit_of_work, repository, assets))
    services.register(TraceService(repository, storage))
    # Replaced by the composition root with the screeners' answer (withdrawn invitations).
    services.register(EveryHolder(), as_type=HolderGate)
