"""What production refuses to start with, unless the operator accepts the risk by its name.

`LAKOU_ENV=production` with the embedded default's choices (the test payment, insecure cookies,
the embedded Redis, SQLite, local storage, the folder mailbox) stops every process, each refusal
naming its variable; `LAKOU_ACCEPT_RISKS=name,...` lets one through, and every process logs it
at start.
A missing `LAKOU_SECRET_KEY` is always refused (infra.settings).
"""

from __future__ import annotations

from infra.settings import PaymentBackend, Settings, SettingsError, StorageBackend

# Each setting production refuses unless the operator accepts the risk by its name in
# LAKOU_ACCEPT_RISKS: the variable at fault and what could go wrong.
PRODUCTION_RISKS: dict[str, tuple[str, str]] = {
    "test-payments": (
        "LAKOU_PAYMENT_BACKEND=dev",
        "the test-payment gateway lets anyone settle an order without paying; "
        "set LAKOU_PAYMENT_BACKEND=stripe",
    ),
    "insecure-cookies": (
        "LAKOU_COOKIE_SECURE=false",
        "session cookies would travel over plain HTTP; set LAKOU_COOKIE_SECURE=true behind HTTPS",
    ),
    "embedded-redis": (
        "LAKOU_REDIS_URL (unset)",
        "the embedded Redis runs inside one process and queued work dies with it; "
        "set LAKOU_REDIS_URL=redis://host:6379/0",
    ),
    "sqlite": (
        "LAKOU_DATABASE_URL=sqlite:///...",
        "SQLite serves one machine and one writer at a time; "
        "set LAKOU_DATABASE_URL=postgresql://user:password@host/db",
    ),
    "plain-http-links": (
        "LAKOU_PUBLIC_URL (not https)",
        "links in e-mails (address checks, password resets) would travel over plain HTTP; "
        "set LAKOU_PUBLIC_URL=https://your.domain",
    ),
    "local-storage": (
        "LAKOU_STORAGE_BACKEND=local",
        "media would live on one machine's disk, outside any backup of the object store; "
        "set LAKOU_STORAGE_BACKEND=s3",
    ),
    # Checked by the documents module's settings (marketplace.documents.settings).
    "unnamed-seller": (
        "LAKOU_DOCUMENTS_LEGAL_NAME, _ADDRESS, _SIRET, _VAT_NUMBER, _RCS (unset)",
        "receipts would not name Lakou's legal entity, the seller of record; "
        "set the LAKOU_DOCUMENTS_* variables",
    ),
    "folder-mailbox": (
        "LAKOU_SMTP_URL (unset)",
        "mail (address checks, password resets, receipts) would be written to a folder and "
        "never reach anybody; set LAKOU_SMTP_URL=smtps://user:password@host",
    ),
}


def production_risks(settings: Settings) -> list[str]:
    """The names of the production risks these settings take, accepted or not."""
    present = {
        "test-payments": settings.payment.backend is PaymentBackend.DEV,
        "insecure-cookies": not settings.http.cookie_secure,
        "embedded-redis": settings.redis.url is None,
        "sqlite": settings.database.is_sqlite,
        "local-storage": settings.storage.backend is StorageBackend.LOCAL,
        "folder-mailbox": settings.mail.smtp_url is None,
        "plain-http-links": not settings.http.public_url.startswith("https://"),
    }
    return [name for name, taken in present.items() if taken]


def refuse_unsafe_production(settings: Settings) -> None:
    """Production starts only when every risk it takes was accepted by name; else all are listed."""
    refused = [name for name in production_risks(settings) if name not in settings.accepted_risks]
    if not refused:
        return
    lines = [
        f"{PRODUCTION_RISKS[name][0]} is refused in production: {PRODUCTION_RISKS[name][1]} "
        f"(or accept the risk with LAKOU_ACCEPT_RISKS={name})"
        for name in refused
    ]
    raise SettingsError("\n".join(lines))
