"""The 4xx answers of every API route in the OpenAPI document, declared in one place.

Each module's controllers declare their success answer; which errors a route can give follows
from what the route is, so it is derived here rather than repeated on hundreds of handlers:

| answer | when the route | codes |
|---|---|---|
| 400 | always (the body, a parameter or a header does not parse) | `validation_error`, `malformed_json`, `bad_request` |
| 401, 403 | has guards (who may call it), or is a write (a service checks the caller) | `not_authenticated`, the module's refusals |
| 404 | names something: a path parameter, a body, or a query | `not_found` and the module's |
| 409 | changes something (not GET) | the module's state conflicts |
| 410 | names something: what it names may have expired (a link, a token) | the module's |
| 413, 415, 507 | takes a body (507: the storage is full) | `payload_too_large`, `unsupported_media_type` |
| 422 | takes input | `invalid_input` and the module's |
| 429 | does anything a person could repeat to guess or flood | `rate_limited` |
| 503 | always (the database is away for a moment) | `database_unavailable` |

All with the same body, the error envelope of `infra.http.errors`. A route that answers an
error outside its row is caught by the fuzzing test (tests/fuzz), which checks every answer
against this document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute

READS = frozenset({"GET", "HEAD"})
# What the platform knows how to answer at all: litestar's own parameters, and services' errors.
DESCRIPTIONS = {
    400: "Requête invalide : un paramètre, l'en-tête ou le corps ne se lit pas.",
    401: "Connexion requise.",
    403: "Connecté, mais ce compte (ou l'organisation au nom de laquelle il agit) n'y a pas droit.",
    404: "Introuvable, ou pas à vous.",
    409: "Pas possible dans l'état actuel de l'objet.",
    410: "N'existe plus : le lien ou le jeton a expiré.",
    413: "Envoi trop volumineux.",
    415: "Type de contenu non pris en charge.",
    422: "Données refusées par les règles du module.",
    429: "Trop de tentatives : l'en-tête Retry-After dit quand réessayer.",
    507: "Stockage plein : réessayer plus tard.",
    503: "Base de données momentanément indisponible : réessayer après Retry-After.",
}


@dataclass
class ErrorBody:
    """`code` is stable (each module's `ErrorCode` enum); `message` is translated."""

    code: str
    message: str
    request_id: str | None
    details: Any = None


@dataclass
class ErrorEnvelope:
    error: ErrorBody


# A route's `opt` key: it counts every call against a rate, reads included (the partner API).
RATE_LIMITED_ROUTE = "lakou_rate_limited"


def error_statuses(handler: HTTPRouteHandler, method: str, path_parameters: bool) -> set[int]:
    """The error answers a route can give, from what it is (the table above)."""
    signature = handler.parsed_fn_signature.parameters
    body = "data" in signature
    # Everything the handler takes that is neither its body nor a dependency: path and query.
    dependencies = handler.resolve_dependencies()
    inputs = path_parameters or body or any(name not in dependencies for name in signature)
    writes = method not in READS
    statuses = {400, 503}
    if handler.resolve_guards() or writes:
        statuses |= {401, 403}
    if inputs:
        statuses |= {404, 410, 422}
    if writes:
        statuses |= {409, 429}
    if handler.opt.get(RATE_LIMITED_ROUTE):
        statuses.add(429)
    if body:
        statuses |= {413, 415, 507}
    return statuses


def _error_spec(status: int) -> ResponseSpec:
    return ResponseSpec(
        data_container=ErrorEnvelope, description=DESCRIPTIONS[status], generate_examples=False
    )


class ErrorResponses(ReceiveRoutePlugin):
    """Adds the error answers to each API route as the app registers it (before the document
    is built, which litestar does on first request for it)."""

    def receive_route(self, route: BaseRoute) -> None:
        # Every route the document describes: the API, and the few public ones beside it
        # (oEmbed's discovery answers too).
        if not isinstance(route, HTTPRoute):
            return
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            for method in handler.http_methods:
                statuses = error_statuses(handler, method, bool(route.path_parameters))
                declared = dict(handler.responses or {})
                for status in sorted(statuses):
                    declared.setdefault(status, _error_spec(status))
                handler.responses = declared
