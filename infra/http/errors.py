"""Every error leaves as the same JSON shape, with a stable code and the request id.

{"error": {"code": "...", "message": "...", "request_id": "...", "details": ...}}

The message is translated here, at the edge, into the request's language (`Accept-Language`,
`?lang=` or the cookie); the code never changes with the language.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE

from infra.db.availability import database_unavailable
from infra.errors import AppError, RateLimited, fill
from infra.http.request_context import request_id_var
from infra.i18n.context import N_, gettext

log = logging.getLogger("lakou.http")

_CODES_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}
_MESSAGES_BY_CODE = {
    "bad_request": N_("Requête invalide."),
    "not_authenticated": N_("Connectez-vous pour continuer."),
    "forbidden": N_("Vous n'avez pas accès à cette ressource."),
    "not_found": N_("Introuvable."),
    "method_not_allowed": N_("Méthode non permise pour cette adresse."),
    "payload_too_large": N_("Envoi trop volumineux."),
    "unsupported_media_type": N_("Type de contenu non pris en charge."),
    "rate_limited": N_("Trop de requêtes : réessayez dans un instant."),
    "http_error": N_("La requête n'a pas pu aboutir."),
    "validation_error": N_("Requête invalide : vérifiez les champs signalés."),
    "malformed_json": N_("Corps JSON illisible : il doit être en UTF-8 et bien formé."),
    "internal_error": N_(
        "Erreur interne, l'équipe a été prévenue : citez l'identifiant de requête."
    ),
    "database_unavailable": N_(
        "Service momentanément indisponible : réessayez dans quelques secondes."
    ),
}
# Long enough for a PostgreSQL restart; a client that retries sooner only gets another 503.
DATABASE_RETRY_AFTER_S = 5


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {"code": code, "message": message, "request_id": request_id_var.get()}
    if details is not None:
        body["details"] = details
    return Response({"error": body}, status_code=status, media_type=MediaType.JSON, headers=headers)


def handle_app_error(_: Request[Any, Any, Any], exc: AppError) -> Response[dict[str, Any]]:
    headers = {"retry-after": str(exc.retry_after_s)} if isinstance(exc, RateLimited) else None
    message = fill(gettext(exc.error.message), exc.params)
    return error_response(exc.status_code, exc.code, message, exc.details, headers)


def handle_validation(
    _: Request[Any, Any, Any], exc: ValidationException
) -> Response[dict[str, Any]]:
    details = exc.extra if exc.extra else None
    detail = exc.detail or ""
    code = (
        "malformed_json"
        if "json" in detail.lower() and "malformed" in detail.lower()
        else "validation_error"
    )
    return error_response(400, code, gettext(_MESSAGES_BY_CODE[code]), details)


def handle_http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    code = _CODES_BY_STATUS.get(status, "http_error")
    if isinstance(exc, NotFoundException):
        code = "not_found"
    elif isinstance(exc, NotAuthorizedException):
        code = "not_authenticated"
    elif isinstance(exc, PermissionDeniedException):
        code = "forbidden"
    if status >= 500:
        log.error("http error %s: %s", status, exc.detail)
    message = gettext(_MESSAGES_BY_CODE.get(code, _MESSAGES_BY_CODE["http_error"]))
    return error_response(status, code, message, None, exc.headers)


def _raised_by_body_decoding(exc: BaseException) -> bool:
    """msgspec lets invalid UTF-8 and over-deep nesting escape as UnicodeDecodeError and
    RecursionError instead of a DecodeError, and litestar passes them on: still bad input."""
    if not isinstance(exc, UnicodeDecodeError | RecursionError):
        return False
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        filename = code.co_filename.replace("\\", "/")
        if code.co_name.startswith("decode_") and "litestar/serialization/" in filename:
            return True
        tb = tb.tb_next
    return False


def _wants_page(request: Request[Any, Any, Any]) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _plain_page(status: int, message: str, headers: dict[str, str]) -> Response[str]:
    """A page that needs nothing: the usual layout reads the session, hence the database."""
    body = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Lakou</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body><main><h1>Lakou</h1><p role="alert">{html.escape(message)}</p>'
        f"<p>{html.escape(request_id_var.get() or '')}</p></main></body></html>"
    )
    return Response(body, status_code=status, media_type=MediaType.HTML, headers=headers)


def handle_unexpected(
    request: Request[Any, Any, Any], exc: Exception
) -> Response[dict[str, Any]] | Response[str]:
    if _raised_by_body_decoding(exc):
        return error_response(400, "malformed_json", gettext(_MESSAGES_BY_CODE["malformed_json"]))
    if database_unavailable(exc):
        log.warning("database unavailable: %s", exc)
        message = gettext(_MESSAGES_BY_CODE["database_unavailable"])
        headers = {"retry-after": str(DATABASE_RETRY_AFTER_S)}
        if _wants_page(request):
            return _plain_page(HTTP_503_SERVICE_UNAVAILABLE, message, headers)
        return error_response(
            HTTP_503_SERVICE_UNAVAILABLE, "database_unavailable", message, headers=headers
        )
    log.exception("unhandled error", exc_info=exc)
    return error_response(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal_error",
        gettext(_MESSAGES_BY_CODE["internal_error"]),
    )


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    AppError: handle_app_error,
    ValidationException: handle_validation,
    HTTPException: handle_http,
    Exception: handle_unexpected,
}
