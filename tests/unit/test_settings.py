"""Settings are read from `LAKOU_*` variables; a wrong one fails at start naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra.settings import (
    Environment,
    PaymentBackend,
    SearchBackend,
    Settings,
    SettingsError,
    StorageBackend,
    load_settings,
)

SECRET = "s" * 40


def _env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    return {"LAKOU_VAR_DIR": str(tmp_path / "var"), **overrides}


def test_defaults_are_the_embedded_stack(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path))
    var_dir = (tmp_path / "var").resolve()

    assert settings.env is Environment.DEVELOPMENT
    assert settings.var_dir == var_dir
    assert settings.database.is_sqlite
    assert settings.database.url == f"sqlite:///{var_dir / 'lakou.sqlite3'}"
    assert settings.database.sqlite_path.is_relative_to(var_dir)
    assert settings.redis.url is None
    assert settings.storage.backend is StorageBackend.LOCAL
    assert settings.storage.local_root == var_dir / "storage"
    assert settings.search.backend is SearchBackend.TANTIVY
    assert settings.search.tantivy_path == var_dir / "search"
    assert settings.payment.backend is PaymentBackend.DEV
    assert settings.http.port == 8000
    assert settings.http.max_body_bytes == 1_048_576
    assert settings.http.cookie_secure is False


def test_development_secret_key_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = Settings.from_env(_env(tmp_path))
    second = Settings.from_env(_env(tmp_path))
    assert len(first.secret_key) >= 32
    assert first.secret_key == second.secret_key


def test_secret_key_is_not_in_repr(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path, LAKOU_SECRET_KEY=SECRET))
    assert SECRET not in repr(settings)


def test_full_production_configuration_is_read(tmp_path: Path) -> None:
    settings = Settings.from_env(
        _env(
            tmp_path,
            LAKOU_ENV="production",
            LAKOU_SECRET_KEY=SECRET,
            LAKOU_DATABASE_URL="postgresql://lakou@db:5432/lakou",
            LAKOU_REDIS_URL="redis://redis:6379/0",
            LAKOU_STORAGE_BACKEND="s3",
            LAKOU_S3_ENDPOINT_URL="http://minio:9000",
            LAKOU_S3_BUCKET="media",
            LAKOU_SEARCH_BACKEND="meilisearch",
            LAKOU_MEILISEARCH_URL="http://meili:7700",
            LAKOU_PAYMENT_BACKEND="stripe",
            LAKOU_STRIPE_SECRET_KEY="sk_test_x",
            LAKOU_STRIPE_PUBLISHABLE_KEY="pk_test_x",
            LAKOU_STRIPE_WEBHOOK_SECRET="whsec_x",
            LAKOU_PORT="9000",
            LAKOU_COOKIE_SECURE="true",
            LAKOU_PUBLIC_URL="https://lakou.example",
            LAKOU_SMTP_URL="smtp://mail.example:587?starttls=required",
            LAKOU_LOGIN_ATTEMPTS="3",
        )
    )
    assert settings.env is Environment.PRODUCTION
    assert not settings.database.is_sqlite
    assert settings.redis.url == "redis://redis:6379/0"
    assert settings.storage.backend is StorageBackend.S3
    assert settings.storage.s3_bucket == "media"
    assert settings.storage.s3_endpoint_url == "http://minio:9000"
    assert settings.search.meilisearch_url == "http://meili:7700"
    assert settings.payment.backend is PaymentBackend.STRIPE
    assert settings.payment.stripe_secret_key == "sk_test_x"
    assert settings.http.port == 9000
    assert settings.http.cookie_secure is True
    assert settings.http.login_attempts_per_window == 3


STRIPE_KEYS = {
    "LAKOU_STRIPE_SECRET_KEY": "sk_test_x",
    "LAKOU_STRIPE_PUBLISHABLE_KEY": "pk_test_x",
    "LAKOU_STRIPE_WEBHOOK_SECRET": "whsec_x",
}


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"LAKOU_DATABASE_URL": "mysql://root@db/lakou"}, "LAKOU_DATABASE_URL"),
        ({"LAKOU_DATABASE_URL": "sqlite://relative.db"}, "LAKOU_DATABASE_URL"),
        ({"LAKOU_STORAGE_BACKEND": "ftp"}, "LAKOU_STORAGE_BACKEND"),
        ({"LAKOU_SEARCH_BACKEND": "elastic"}, "LAKOU_SEARCH_BACKEND"),
        ({"LAKOU_PAYMENT_BACKEND": "paypal"}, "LAKOU_PAYMENT_BACKEND"),
        ({"LAKOU_ENV": "staging"}, "LAKOU_ENV"),
        ({"LAKOU_PORT": "abc"}, "LAKOU_PORT"),
        ({"LAKOU_PORT": "0"}, "LAKOU_PORT"),
        ({"LAKOU_MAX_BODY_BYTES": "-5"}, "LAKOU_MAX_BODY_BYTES"),
        ({"LAKOU_LOGIN_ATTEMPTS": "many"}, "LAKOU_LOGIN_ATTEMPTS"),
        ({"LAKOU_COOKIE_SECURE": "maybe"}, "LAKOU_COOKIE_SECURE"),
        ({"LAKOU_LOG_LEVEL": "verbose"}, "LAKOU_LOG_LEVEL"),
        ({"LAKOU_REDIS_URL": "http://redis:6379"}, "LAKOU_REDIS_URL"),
        ({"LAKOU_SECRET_KEY": "short"}, "LAKOU_SECRET_KEY"),
        ({"LAKOU_ENV": "production"}, "LAKOU_SECRET_KEY"),
        ({"LAKOU_STORAGE_BACKEND": "s3"}, "LAKOU_S3_BUCKET"),
        (
            {
                "LAKOU_STORAGE_BACKEND": "s3",
                "LAKOU_S3_BUCKET": "b",
                "LAKOU_S3_ENDPOINT_URL": "minio",
            },
            "LAKOU_S3_ENDPOINT_URL",
        ),
        ({"LAKOU_SEARCH_BACKEND": "meilisearch"}, "LAKOU_MEILISEARCH_URL"),
        ({"LAKOU_PAYMENT_BACKEND": "stripe"}, "LAKOU_STRIPE_SECRET_KEY"),
        (
            {
                "LAKOU_PAYMENT_BACKEND": "stripe",
                **{k: v for k, v in STRIPE_KEYS.items() if k != "LAKOU_STRIPE_WEBHOOK_SECRET"},
            },
            "LAKOU_STRIPE_WEBHOOK_SECRET",
        ),
    ],
)
def test_wrong_setting_names_the_variable(
    tmp_path: Path, overrides: dict[str, str], variable: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(_env(tmp_path, **overrides))
    assert variable in str(raised.value)


def test_production_without_secret_key_writes_no_key_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="LAKOU_SECRET_KEY"):
        Settings.from_env(_env(tmp_path, LAKOU_ENV="production"))
    assert not (tmp_path / "var" / "secret_key").exists()


def test_blank_values_mean_the_default(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path, LAKOU_STORAGE_BACKEND="  ", LAKOU_PORT=""))
    assert settings.storage.backend is StorageBackend.LOCAL
    assert settings.http.port == 8000


def test_choices_are_case_insensitive(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path, LAKOU_SEARCH_BACKEND="Tantivy"))
    assert settings.search.backend is SearchBackend.TANTIVY


def test_dotenv_is_read_and_the_real_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "\n".join(
            [
                "# local overrides",
                f"LAKOU_VAR_DIR={tmp_path / 'from-dotenv'}",
                "LAKOU_PORT=8123",
                "LAKOU_SEARCH_BACKEND=meilisearch",
                "LAKOU_MEILISEARCH_URL=http://meili.local:7700",
                "LAKOU_LOG_LEVEL=debug",
            ]
        )
        + "\n"
    )
    settings = load_settings(
        {"LAKOU_PORT": "9001", "LAKOU_LOG_LEVEL": "warning"}, dotenv_path=dotenv
    )
    assert settings.http.port == 9001  # environment wins
    assert settings.log_level == "warning"
    assert settings.search.backend is SearchBackend.MEILISEARCH  # only in .env
    assert settings.search.meilisearch_url == "http://meili.local:7700"
    assert settings.var_dir == (tmp_path / "from-dotenv").resolve()


def test_wrong_setting_in_dotenv_also_names_the_variable(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("LAKOU_COOKIE_SECURE=perhaps\n")
    with pytest.raises(SettingsError, match="LAKOU_COOKIE_SECURE"):
        load_settings({"LAKOU_VAR_DIR": str(tmp_path / "var")}, dotenv_path=dotenv)


def test_missing_dotenv_is_fine(tmp_path: Path) -> None:
    settings = load_settings(_env(tmp_path), dotenv_path=tmp_path / "absent.env")
    assert settings.storage.backend is StorageBackend.LOCAL


def test_reading_settings_does_not_touch_os_environ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAKOU_STORAGE_BACKEND", "ftp")
    # from_env reads only the mapping it is given, never the process environment.
    settings = Settings.from_env(_env(tmp_path))
    assert settings.storage.backend is StorageBackend.LOCAL


# A production configuration that takes no risk; each test below changes one thing.
SAFE_PRODUCTION = {
    "LAKOU_ENV": "production",
    "LAKOU_SECRET_KEY": SECRET,
    "LAKOU_DATABASE_URL": "postgresql://lakou@db:5432/lakou",
    "LAKOU_REDIS_URL": "redis://redis:6379/0",
    "LAKOU_STORAGE_BACKEND": "s3",
    "LAKOU_S3_BUCKET": "media",
    "LAKOU_PAYMENT_BACKEND": "stripe",
    **STRIPE_KEYS,
    "LAKOU_COOKIE_SECURE": "true",
    "LAKOU_PUBLIC_URL": "https://lakou.example",
    "LAKOU_SMTP_URL": "smtps://lakou:password@mail.example",
}

UNSAFE_CHANGES = [
    ("test-payments", {"LAKOU_PAYMENT_BACKEND": "dev"}, "LAKOU_PAYMENT_BACKEND"),
    ("insecure-cookies", {"LAKOU_COOKIE_SECURE": "false"}, "LAKOU_COOKIE_SECURE"),
    ("embedded-redis", {"LAKOU_REDIS_URL": ""}, "LAKOU_REDIS_URL"),
    ("sqlite", {"LAKOU_DATABASE_URL": "sqlite:///var/lakou.sqlite3"}, "LAKOU_DATABASE_URL"),
    ("local-storage", {"LAKOU_STORAGE_BACKEND": "local"}, "LAKOU_STORAGE_BACKEND"),
    ("folder-mailbox", {"LAKOU_SMTP_URL": ""}, "LAKOU_SMTP_URL"),
    ("plain-http-links", {"LAKOU_PUBLIC_URL": "http://lakou.example"}, "LAKOU_PUBLIC_URL"),
]


def test_safe_production_configuration_starts(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path, **SAFE_PRODUCTION))
    assert settings.env is Environment.PRODUCTION
    assert settings.accepted_risks == frozenset()


@pytest.mark.parametrize(("risk", "change", "variable"), UNSAFE_CHANGES)
def test_production_refuses_each_unsafe_setting_naming_its_variable(
    tmp_path: Path, risk: str, change: dict[str, str], variable: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(_env(tmp_path, **{**SAFE_PRODUCTION, **change}))
    message = str(raised.value)
    assert variable in message
    assert f"LAKOU_ACCEPT_RISKS={risk}" in message


@pytest.mark.parametrize(("risk", "change", "variable"), UNSAFE_CHANGES)
def test_an_accepted_risk_starts_and_is_remembered(
    tmp_path: Path, risk: str, change: dict[str, str], variable: str
) -> None:
    settings = Settings.from_env(
        _env(tmp_path, **{**SAFE_PRODUCTION, **change, "LAKOU_ACCEPT_RISKS": risk})
    )
    assert settings.accepted_risks == {risk}


def test_accepting_one_risk_does_not_accept_another(tmp_path: Path) -> None:
    unsafe = {"LAKOU_PAYMENT_BACKEND": "dev", "LAKOU_COOKIE_SECURE": "false"}
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(
            _env(tmp_path, **{**SAFE_PRODUCTION, **unsafe, "LAKOU_ACCEPT_RISKS": "test-payments"})
        )
    assert "LAKOU_COOKIE_SECURE" in str(raised.value)
    assert "LAKOU_PAYMENT_BACKEND" not in str(raised.value)


def test_the_embedded_default_in_production_lists_every_refusal(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(_env(tmp_path, LAKOU_ENV="production", LAKOU_SECRET_KEY=SECRET))
    message = str(raised.value)
    for _risk, _change, variable in UNSAFE_CHANGES:
        assert variable in message


def test_an_unknown_risk_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="LAKOU_ACCEPT_RISKS"):
        Settings.from_env(_env(tmp_path, LAKOU_ACCEPT_RISKS="everything"))


def test_development_takes_the_embedded_default_without_accepting_risks(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path))
    assert settings.payment.backend is PaymentBackend.DEV
    assert settings.accepted_risks == frozenset()


def test_the_public_url_defaults_to_the_served_address_and_refuses_a_path(tmp_path: Path) -> None:
    assert Settings.from_env(_env(tmp_path, LAKOU_PORT="8123")).http.public_url == (
        "http://127.0.0.1:8123"
    )
    given = Settings.from_env(_env(tmp_path, LAKOU_PUBLIC_URL="https://lakou.example/"))
    assert given.http.public_url == "https://lakou.example"
    with pytest.raises(SettingsError, match="LAKOU_PUBLIC_URL"):
        Settings.from_env(_env(tmp_path, LAKOU_PUBLIC_URL="https://lakou.example/app?x=1"))
