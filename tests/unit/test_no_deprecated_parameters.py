"""Every handler declares its parameters in litestar's current style.

Litestar warns (`LitestarDeprecationWarning`) when the app is built and a handler declares a
query or path parameter by its bare name (`token: str`), or with the generic
`Annotated[<type>, Parameter(...)]`: it wants `FromQuery[...]`, `FromPath[...]` or
`Annotated[<type>, QueryParameter(...)]`. Building the app here, with every warning recorded,
keeps those declarations from coming back.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from litestar.exceptions import LitestarDeprecationWarning

from infra.settings import Settings
from lakou.app import AppShape, build_app
from lakou.bootstrap import enabled_modules


def test_building_the_app_warns_of_no_deprecated_declaration(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "LAKOU_ENV": "test",
            "LAKOU_VAR_DIR": str(tmp_path / "var"),
            "LAKOU_SECRET_KEY": "test-secret-key-" + "x" * 32,
            # Never opened: the app's construction reads the modules, not the database.
            "LAKOU_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        }
    )
    http = settings.http
    shape = AppShape(
        modules=enabled_modules(settings),
        secret_key=settings.secret_key,
        cookie_secure=http.cookie_secure,
        trusted_proxies=tuple(http.trusted_proxies),
        max_body_bytes=http.max_body_bytes,
        creole_beta=http.creole_beta,
    )

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_app(shape)

    deprecated = sorted(
        {str(w.message) for w in caught if issubclass(w.category, LitestarDeprecationWarning)}
    )
    assert not deprecated, "litestar deprecations when building the app:\n" + "\n".join(deprecated)
