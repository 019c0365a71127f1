"""Personal data: a person's archive of everything Lakou keeps about them, account deletion,
consents, and the privacy page."""

from __future__ import annotations

from pathlib import Path

from accounts.privacy import tables
from accounts.privacy.controllers import PrivacyController
from accounts.privacy.events import EXPORT_REQUESTED, PUBLISHED
from accounts.privacy.notices import KINDS
from accounts.privacy.pages import PrivacyNoticePage, PrivacyPages
from accounts.privacy.service import PrivacyService
from accounts.privacy.settings import PrivacySettings
from infra.modules import Consumer, Job, ModuleSpec, RetryPolicy


async def purge_expired(privacy: PrivacyService) -> int:
    return await privacy.purge_expired()


# Building an archive reads every module and streams the person's files: a few tries, spaced.
ARCHIVE = RetryPolicy("archive", max_retries=5, min_backoff_ms=5_000, max_backoff_ms=300_000)

MODULE = ModuleSpec(
    name="privacy",
    package="accounts.privacy",
    description="a person's data: the archive to download, account deletion, consents, "
    "the privacy page",
    depends_on=("accounts", "notifications"),
    tables=tables.TABLES,
    migrations=tables.MIGRATIONS,
    routes=(PrivacyController, PrivacyPages, PrivacyNoticePage),
    templates=Path(__file__).parent / "templates",
    publishes=PUBLISHED,
    consumers=(
        Consumer(
            actor="privacy.build_export",
            events=(EXPORT_REQUESTED,),
            service=PrivacyService,
            handle=PrivacyService.build,
            retry=ARCHIVE,
        ),
    ),
    jobs=(
        Job(name="privacy.purge_exports", every_s=3600, service=PrivacyService, run=purge_expired),
    ),
    notifications=KINDS,
    settings=PrivacySettings.read,
)
