"""An archive keeps the LAKOU_* settings an operator retypes at restore, never a secret."""

from __future__ import annotations

from infra.backup.environment import looks_secret, settings_without_secrets


def test_names_that_look_secret_are_left_out() -> None:
    for name in (
        "LAKOU_SECRET_KEY",
        "LAKOU_S3_ACCESS_KEY_ID",
        "LAKOU_S3_SECRET_ACCESS_KEY",
        "LAKOU_SMTP_PASSWORD",
        "LAKOU_MEILISEARCH_KEY",
        "LAKOU_STRIPE_WEBHOOK_SECRET",
        "LAKOU_API_TOKEN",
        "LAKOU_DKIM_PRIVATE_KEY_PATH",
        "LAKOU_SENTRY_DSN",
        "lakou_smtp_passwd",
    ):
        assert looks_secret(name), name
    for name in ("LAKOU_ENV", "LAKOU_STORAGE_BACKEND", "LAKOU_S3_BUCKET", "LAKOU_PUBLIC_URL"):
        assert not looks_secret(name), name


def test_only_lakou_settings_are_kept_and_passwords_in_urls_are_masked() -> None:
    kept = settings_without_secrets(
        {
            "LAKOU_ENV": "production",
            "LAKOU_SECRET_KEY": "k" * 40,
            "LAKOU_DATABASE_URL": "postgresql://lakou:hunter2@db:5432/lakou",
            "LAKOU_REDIS_URL": "redis://redis:6379/0",
            "LAKOU_S3_SECRET_ACCESS_KEY": "s3-secret",
            "HOME": "/root",
            "PGPASSWORD": "hunter2",
        }
    )

    assert kept == {
        "LAKOU_DATABASE_URL": "postgresql://lakou:***@db:5432/lakou",
        "LAKOU_ENV": "production",
        "LAKOU_REDIS_URL": "redis://redis:6379/0",
    }
