"""The litestar application factory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import swagger_ui_bundle
from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

import infra.http as infra_http
from infra.db.engine import close_pool, start_pool
from infra.db.engine import ping as ping_database
from infra.http.client_ip import client_ip_middleware
from infra.http.errors import EXCEPTION_HANDLERS
from infra.http.health import ReadinessChecks, health, ready
from infra.http.language import language_middleware
from infra.http.middleware import request_id_middleware
from infra.http.openapi_errors import ErrorResponses
from infra.http.script_messages import script_messages
from infra.http.vendor import vendor_file
from infra.i18n.jinja import install_i18n
from infra.modules import ModuleSpec
from lakou.bootstrap import Container

PLATFORM_HTTP = Path(infra_http.__file__).parent
SWAGGER_ASSETS = Path(swagger_ui_bundle.swagger_ui_path)


def template_dirs(modules: Sequence[ModuleSpec]) -> list[Path | PathLike[Any] | str]:
    """The platform's base templates, then each module's folder."""
    return [
        PLATFORM_HTTP / "templates",
        *(spec.templates for spec in modules if spec.templates is not None),
    ]


def readiness_checks(container: Container) -> ReadinessChecks:
    async def broker() -> None:
        if container.redis is None:
            raise ConnectionError("no broker configured")
        await container.redis.ping()

    return {
        "database": lambda: ping_database(container.engine),
        "broker": broker,
        "storage": lambda: asyncio.to_thread(container.storage.ping),
        "search": container.search.ping,
    }


class LakouMetrics(PrometheusController):
    path = "/metrics"
    # Prometheus's text format for the scraper, not part of the API the document describes.
    include_in_schema = False


@dataclass(frozen=True)
class AppShape:
    """Everything the application's construction reads; the container is bound afterwards.

    Building the app (registering every route's signature) costs far more than serving a
    request, so the tests build one app per shape and bind each test's container to it.
    """

    modules: tuple[ModuleSpec, ...]
    secret_key: str
    cookie_secure: bool
    trusted_proxies: tuple[str, ...]
    max_body_bytes: int
    creole_beta: bool

    @classmethod
    def of(cls, container: Container) -> AppShape:
        http = container.settings.http
        return cls(
            modules=tuple(container.modules),
            secret_key=container.settings.secret_key,
            cookie_secure=http.cookie_secure,
            trusted_proxies=tuple(http.trusted_proxies),
            max_body_bytes=http.max_body_bytes,
            creole_beta=http.creole_beta,
        )


def create_app(container: Container) -> Litestar:
    app = build_app(AppShape.of(container))
    bind_container(app, container)
    return app


def bind_container(app: Litestar, container: Container) -> None:
    """Serve `container` from now on (an app built for its shape)."""
    app.state["container"] = container
    app.state["services"] = container.services
    app.state["readiness"] = readiness_checks(container)


@asynccontextmanager
async def _database_pool(app: Litestar) -> AsyncIterator[None]:
    # Read at startup, not captured when the app is built: `bind_container` may change it.
    container: Container = app.state["container"]
    await start_pool(container.engine, container.settings.database.pool_size)
    try:
        yield
    finally:
        await close_pool(container.engine)
        if container.redis is not None:
            await container.redis.aclose()


def build_app(shape: AppShape) -> Litestar:
    openapi = OpenAPIConfig(
        title="Lakou API",
        version="0.1.0",
        description="Diffusion des œuvres des industries culturelles et créatives de Martinique.",
        path="/api/docs",
        components=Components(
            security_schemes={
                # The partner API (accounts.apikeys): an organisation's key, `lkp_…`.
                "partnerKey": SecurityScheme(
                    type="http",
                    scheme="bearer",
                    description="An organisation's API key (lkp_…), made on its API keys page.",
                )
            }
        ),
        render_plugins=[
            SwaggerRenderPlugin(
                js_url="/static/swagger/swagger-ui-bundle.js",
                css_url="/static/swagger/swagger-ui.css",
                standalone_preset_js_url="/static/swagger/swagger-ui-standalone-preset.js",
                favicon="<link rel='icon' href='/static/lakou.svg'>",
            )
        ],
    )
    modules = shape.modules
    app = Litestar(
        route_handlers=[
            health,
            ready,
            script_messages,
            LakouMetrics,
            *(route for spec in modules for route in spec.routes),
            vendor_file,
            create_static_files_router(path="/static/swagger", directories=[SWAGGER_ASSETS]),
            *(
                create_static_files_router(
                    path=f"/static/{spec.name}",
                    directories=[spec.static],
                    name=f"static-{spec.name}",
                )
                for spec in modules
                if spec.static is not None
            ),
            create_static_files_router(
                path="/static", directories=[PLATFORM_HTTP / "static"], name="static"
            ),
        ],
        state=State(
            {
                "nav": sorted(
                    (entry for spec in modules for entry in spec.nav), key=lambda e: e.order
                ),
                "creole_beta": shape.creole_beta,
                "template_globals": [
                    spec.template_globals for spec in modules if spec.template_globals
                ],
                "page_notices": [spec.page_notices for spec in modules if spec.page_notices],
            }
        ),
        lifespan=[_database_pool],
        middleware=[
            PrometheusConfig(app_name="lakou", group_path=True).middleware,
            client_ip_middleware(shape.trusted_proxies),
        ],
        csrf_config=CSRFConfig(
            secret=shape.secret_key,
            cookie_secure=shape.cookie_secure,
            cookie_samesite="lax",
            # Not by this middleware: the API takes a bearer token, or the session cookie only
            # together with the page's CSRF token in the X-CSRFToken header, which
            # accounts.auth checks itself (a cross-site form can send neither). The one-click
            # unsubscribe (RFC 8058) is posted by mail clients: its signed token is the proof.
            # Embeds live inside other sites, post nothing and must set no (third-party) cookie.
            exclude=[
                "/api/",
                "/metrics",
                "/health",
                "/ready",
                "/desabonnement",
                "/embed/",
                "/oembed",
            ],
        ),
        template_config=TemplateConfig(
            directory=template_dirs(modules),
            engine=JinjaTemplateEngine,
            engine_callback=lambda engine: install_i18n(engine.engine),
        ),
        openapi_config=openapi,
        plugins=[ErrorResponses()],
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=shape.max_body_bytes,
        debug=False,
        # Logging is configured once by the CLI (JSON lines); litestar must not replace it.
        logging_config=None,
    )
    # Outermost, around litestar's own exception handling: litestar runs `middleware=` only for
    # matched routes, so unknown paths (404) and methods (405) would leave without a request id
    # or security headers.
    app.asgi_handler = request_id_middleware(language_middleware(app.asgi_handler))
    return app
