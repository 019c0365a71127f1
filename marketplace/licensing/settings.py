"""The licensing module's settings (`LAKOU_LICENSING_*`), read once at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from infra.settings_reader import SettingsReader

# The European Commission's REST endpoint for one VAT number (reachable in production only).
VIES_URL = "https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number"


@dataclass(frozen=True)
class LicensingSettings:
    vies_url: str = VIES_URL
    vies_timeout_ms: int = 5000
    # Days the partner has to pay once both sides accepted the contract; past it the deal
    # expires and frees its window.
    payment_days: int = 30

    @classmethod
    def read(cls, reader: SettingsReader) -> LicensingSettings:
        return cls(
            vies_url=reader.raw("LAKOU_LICENSING_VIES_URL") or VIES_URL,
            vies_timeout_ms=reader.integer("LAKOU_LICENSING_VIES_TIMEOUT_MS", 5000, minimum=100),
            payment_days=reader.integer("LAKOU_LICENSING_PAYMENT_DAYS", 30, minimum=1),
        )
