"""Reading each section of the settings from `LAKOU_*` variables (see `infra.settings`)."""

from __future__ import annotations

import secrets
from dataclasses import replace
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

from infra.mail.dkim import DkimSetupError, DkimSigner
from infra.mail.message import InvalidMailAddress, MailAddress
from infra.settings_reader import SettingsError, SettingsReader
from infra.settings_sections import (
    MEGABYTE,
    DatabaseSettings,
    Environment,
    HttpSettings,
    MailSettings,
    MediaSettings,
    PaymentBackend,
    PaymentSettings,
    RedisSettings,
    SearchBackend,
    SearchSettings,
    StorageBackend,
    StorageSettings,
)


def read_secret_key(reader: SettingsReader, env: Environment, var_dir: Path) -> str:
    value = reader.raw("LAKOU_SECRET_KEY")
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


def read_database(reader: SettingsReader, var_dir: Path) -> DatabaseSettings:
    url = reader.raw("LAKOU_DATABASE_URL") or f"sqlite:///{var_dir / 'lakou.sqlite3'}"
    scheme = urlsplit(url).scheme
    if scheme not in ("sqlite", "postgresql", "postgres"):
        raise SettingsError(
            f"LAKOU_DATABASE_URL scheme {scheme!r} is not supported "
            "(use sqlite:///path/to/file or postgresql://user@host/db)"
        )
    if scheme == "sqlite" and not url.startswith("sqlite:///"):
        raise SettingsError("LAKOU_DATABASE_URL for SQLite must look like sqlite:///path/to/file")
    # PostgreSQL gets a pool per event loop by default: a connection per query costs more
    # than the query (see docs/benchmarks.md, marketplace).
    default_pool = 0 if scheme == "sqlite" else 10
    return DatabaseSettings(
        url=url, pool_size=reader.integer("LAKOU_DATABASE_POOL_SIZE", default_pool)
    )


def read_redis(reader: SettingsReader) -> RedisSettings:
    return RedisSettings(
        url=reader.url("LAKOU_REDIS_URL", ("redis", "rediss", "unix")),
        redeliver_after_s=reader.integer("LAKOU_EVENTS_REDELIVER_AFTER_S", 900, minimum=1),
        redeliver_attempts=reader.integer("LAKOU_EVENTS_REDELIVER_ATTEMPTS", 5, minimum=1),
    )


def read_storage(reader: SettingsReader, var_dir: Path) -> StorageSettings:
    backend = reader.choice("LAKOU_STORAGE_BACKEND", StorageBackend, StorageBackend.LOCAL)
    local_root = Path(reader.raw("LAKOU_STORAGE_PATH") or var_dir / "storage").resolve()
    if backend is StorageBackend.LOCAL:
        return StorageSettings(backend=backend, local_root=local_root)
    return StorageSettings(
        backend=backend,
        local_root=local_root,
        s3_endpoint_url=reader.url("LAKOU_S3_ENDPOINT_URL", ("http", "https")),
        s3_public_endpoint_url=reader.url("LAKOU_S3_PUBLIC_ENDPOINT_URL", ("http", "https")),
        s3_bucket=reader.required("LAKOU_S3_BUCKET", "the bucket that holds Lakou's objects"),
        s3_access_key_id=reader.raw("LAKOU_S3_ACCESS_KEY_ID"),
        s3_secret_access_key=reader.raw("LAKOU_S3_SECRET_ACCESS_KEY"),
        s3_region=reader.raw("LAKOU_S3_REGION") or "us-east-1",
    )


def read_search(reader: SettingsReader, var_dir: Path) -> SearchSettings:
    backend = reader.choice("LAKOU_SEARCH_BACKEND", SearchBackend, SearchBackend.TANTIVY)
    tantivy_path = Path(reader.raw("LAKOU_TANTIVY_PATH") or var_dir / "search").resolve()
    if backend is SearchBackend.TANTIVY:
        return SearchSettings(backend=backend, tantivy_path=tantivy_path)
    return SearchSettings(
        backend=backend,
        tantivy_path=tantivy_path,
        meilisearch_url=reader.url("LAKOU_MEILISEARCH_URL", ("http", "https"))
        or reader.required("LAKOU_MEILISEARCH_URL", "the search backend is meilisearch"),
        meilisearch_key=reader.raw("LAKOU_MEILISEARCH_KEY"),
    )


def read_payment(reader: SettingsReader) -> PaymentSettings:
    backend = reader.choice("LAKOU_PAYMENT_BACKEND", PaymentBackend, PaymentBackend.DEV)
    commission_bp = reader.integer("LAKOU_COMMISSION_BP", 1000)
    if commission_bp > 5000:
        raise SettingsError(f"LAKOU_COMMISSION_BP={commission_bp} must be at most 5000")
    vat_table = reader.raw("LAKOU_VAT_TABLE")
    if vat_table is not None and not Path(vat_table).is_file():
        raise SettingsError(f"LAKOU_VAT_TABLE={vat_table!r} is not a readable file")
    common = PaymentSettings(
        backend=backend,
        commission_bp=commission_bp,
        fee_bp=reader.integer("LAKOU_PAYMENT_FEE_BP", 150),
        fee_fixed_cents=reader.integer("LAKOU_PAYMENT_FEE_FIXED_CENTS", 25),
        download_ttl_s=reader.integer("LAKOU_DOWNLOAD_TTL_S", 600, minimum=30),
        download_limit=reader.integer("LAKOU_DOWNLOAD_LIMIT", 10, minimum=1),
        vat_table_path=Path(vat_table) if vat_table else None,
    )
    if backend is PaymentBackend.DEV:
        return common
    reason = "the payment backend is stripe"
    return replace(
        common,
        stripe_secret_key=reader.required("LAKOU_STRIPE_SECRET_KEY", reason),
        stripe_publishable_key=reader.required("LAKOU_STRIPE_PUBLISHABLE_KEY", reason),
        stripe_webhook_secret=reader.required("LAKOU_STRIPE_WEBHOOK_SECRET", reason),
        stripe_api_base=reader.url("LAKOU_STRIPE_API_BASE", ("http", "https")),
        stripe_js_url=reader.url("LAKOU_STRIPE_JS_URL", ("https",)) or common.stripe_js_url,
    )


def read_media(reader: SettingsReader, var_dir: Path) -> MediaSettings:
    defaults = MediaSettings(staging_dir=var_dir / "staging")
    max_bytes = dict(defaults.max_bytes)
    for kind in max_bytes:
        name = f"LAKOU_MAX_UPLOAD_{kind.upper()}MEGABYTE"
        max_bytes[kind] = reader.integer(name, max_bytes[kind] // MEGABYTE, minimum=1) * MEGABYTE
    part_mb = reader.integer("LAKOU_UPLOAD_PART_MB", defaults.part_size // MEGABYTE, minimum=5)
    return MediaSettings(
        staging_dir=Path(reader.raw("LAKOU_STAGING_PATH") or var_dir / "staging").resolve(),
        max_bytes=max_bytes,
        part_size=part_mb * MEGABYTE,
        upload_ttl_s=reader.integer("LAKOU_UPLOAD_TTL_S", defaults.upload_ttl_s, minimum=60),
        playback_ttl_s=reader.integer("LAKOU_PLAYBACK_TTL_S", defaults.playback_ttl_s, minimum=30),
        transcode_timeout_s=reader.integer(
            "LAKOU_TRANSCODE_TIMEOUT_S", defaults.transcode_timeout_s, minimum=10
        ),
        country_header=(reader.raw("LAKOU_COUNTRY_HEADER") or "").lower() or None,
        play_opens_per_minute=reader.integer(
            "LAKOU_PLAY_OPENS_PER_MINUTE", defaults.play_opens_per_minute, minimum=1
        ),
    )


def read_mail(reader: SettingsReader, var_dir: Path) -> MailSettings:
    smtp_url = reader.url("LAKOU_SMTP_URL", ("smtp", "smtps"))
    timeout_s = reader.integer("LAKOU_SMTP_TIMEOUT_S", 30, minimum=1)
    if smtp_url is not None:
        from infra.mail.transport import parse_smtp_url

        try:
            parse_smtp_url(smtp_url)
        except ValueError as error:
            # The URL may carry a password: name the variable, never echo the value.
            raise SettingsError(f"LAKOU_SMTP_URL {error}") from None
    sender = reader.raw("LAKOU_MAIL_FROM") or "Lakou <noreply@localhost>"
    try:
        parsed_sender = MailAddress.parse(sender)
    except InvalidMailAddress as error:
        raise SettingsError(f"LAKOU_MAIL_FROM: {error}") from None
    return MailSettings(
        smtp_url=smtp_url,
        sender=parsed_sender,
        mailbox_dir=Path(reader.raw("LAKOU_MAILBOX_PATH") or var_dir / "mail").resolve(),
        smtp_timeout_s=timeout_s,
        dkim=read_dkim(reader),
    )


def read_dkim(reader: SettingsReader) -> DkimSigner | None:
    names = ("LAKOU_MAIL_DKIM_SELECTOR", "LAKOU_MAIL_DKIM_DOMAIN", "LAKOU_MAIL_DKIM_KEY_FILE")
    values = [reader.raw(name) for name in names]
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


def read_http(reader: SettingsReader) -> HttpSettings:
    proxies = tuple(
        part.strip()
        for part in (reader.raw("LAKOU_TRUSTED_PROXIES") or "").split(",")
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
    host = reader.raw("LAKOU_HOST") or "127.0.0.1"
    port = reader.integer("LAKOU_PORT", 8000, minimum=1)
    return HttpSettings(
        host=host,
        port=port,
        cookie_secure=reader.boolean("LAKOU_COOKIE_SECURE", False),
        max_body_bytes=reader.integer("LAKOU_MAX_BODY_BYTES", 1_048_576, minimum=1024),
        trusted_proxies=proxies,
        login_attempts_per_window=reader.integer("LAKOU_LOGIN_ATTEMPTS", 10, minimum=1),
        login_window_s=reader.integer("LAKOU_LOGIN_WINDOW_S", 300, minimum=1),
        creole_beta=reader.boolean("LAKOU_CREOLE_BETA", True),
        public_url=read_public_url(reader, host, port),
    )


def read_public_url(reader: SettingsReader, host: str, port: int) -> str:
    url = reader.url("LAKOU_PUBLIC_URL", ("http", "https"))
    if url is None:
        return f"http://{host}:{port}"
    parts = urlsplit(url)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SettingsError(
            f"LAKOU_PUBLIC_URL={url!r} must be a scheme and a host only, like https://lakou.example"
        )
    return f"{parts.scheme}://{parts.netloc}"
