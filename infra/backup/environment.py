"""The settings an archive keeps: every LAKOU_* variable, secrets left out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

# A name with one of these words holds a secret (LAKOU_SECRET_KEY, LAKOU_S3_ACCESS_KEY_ID,
# LAKOU_SMTP_PASSWORD, LAKOU_STRIPE_WEBHOOK_SECRET...). Broad on purpose: a setting wrongly
# left out is typed again at restore; a secret wrongly kept sits in every copy of the archive.
_SECRET_WORDS = re.compile(
    r"SECRET|PASSWORD|PASSWD|PASS|KEY|TOKEN|CREDENTIAL|PRIVATE|SIGNATURE|AUTH|SALT|CERT|DSN"
)


def looks_secret(name: str) -> bool:
    return bool(_SECRET_WORDS.search(name.upper()))


def without_password(value: str) -> str:
    """A URL's password replaced (postgresql://lakou:pw@db/lakou keeps only the user)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    if not parts.scheme or parts.password is None:
        return value
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def settings_without_secrets(environ: Mapping[str, str]) -> dict[str, str]:
    return {
        name: without_password(value)
        for name, value in sorted(environ.items())
        if name.startswith("LAKOU_") and not looks_secret(name.removeprefix("LAKOU_"))
    }
