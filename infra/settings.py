"""Typed settings, read once at start-up from `LAKOU_*` variables (and `.env`).

Each concern is a small frozen dataclass (`infra.settings_sections`), read by its own function
(`infra.settings_read`) through `SettingsReader` (`infra.settings_reader`); `Settings.from_env`
validates everything and raises `SettingsError` naming the variable at fault, so a wrong setting
stops the process at start instead of failing on the first request. Everything is importable
from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from infra.settings_read import (
    read_database,
    read_http,
    read_mail,
    read_media,
    read_payment,
    read_redis,
    read_search,
    read_secret_key,
    read_storage,
)
from infra.settings_reader import SettingsError, SettingsReader
from infra.settings_sections import (
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

__all__ = [
    "DatabaseSettings",
    "Environment",
    "HttpSettings",
    "MailSettings",
    "MediaSettings",
    "PaymentBackend",
    "PaymentSettings",
    "RedisSettings",
    "SearchBackend",
    "SearchSettings",
    "Settings",
    "SettingsError",
    "SettingsReader",
    "StorageBackend",
    "StorageSettings",
    "load_settings",
    "read_settings",
]

_LOG_LEVELS = ("debug", "info", "warning", "error")


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
        return read_settings(SettingsReader(environ))


def read_settings(reader: SettingsReader) -> Settings:
    """Every section read and checked; in production, the unsafe choices refused by name."""
    env = reader.choice("LAKOU_ENV", Environment, Environment.DEVELOPMENT)
    var_dir = Path(reader.raw("LAKOU_VAR_DIR") or "var").resolve()
    log_level = (reader.raw("LAKOU_LOG_LEVEL") or "info").lower()
    if log_level not in _LOG_LEVELS:
        raise SettingsError(
            f"LAKOU_LOG_LEVEL={log_level!r} is not one of: {', '.join(_LOG_LEVELS)}"
        )
    settings = Settings(
        env=env,
        var_dir=var_dir,
        secret_key=read_secret_key(reader, env, var_dir),
        database=read_database(reader, var_dir),
        redis=read_redis(reader),
        storage=read_storage(reader, var_dir),
        search=read_search(reader, var_dir),
        payment=read_payment(reader),
        http=read_http(reader),
        media=read_media(reader, var_dir),
        mail=read_mail(reader, var_dir),
        log_level=log_level,
        accepted_risks=reader.accepted_risks(),
        extensions=reader.names("LAKOU_EXTENSIONS"),
        variables=reader.lakou_variables(),
    )
    if env is Environment.PRODUCTION:
        # Imported here: infra.production reads the classes defined in this module.
        from infra.production import refuse_unsafe_production

        refuse_unsafe_production(settings)
    return settings


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
