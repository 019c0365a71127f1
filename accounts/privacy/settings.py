"""The privacy module's settings, read once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from infra.settings import SettingsReader


@dataclass(frozen=True)
class PrivacySettings:
    # Who people write to about their data (the privacy page names it); empty: the address
    # Lakou's mails come from.
    contact: str = ""

    @classmethod
    def read(cls, reader: SettingsReader) -> PrivacySettings:
        return cls(contact=(reader.raw("LAKOU_PRIVACY_CONTACT") or "").strip()[:254])
