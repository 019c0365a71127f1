"""Errors a client can cause: a stable code, parameters, and a message a person can act on.

Framework-free so domain code can raise them. Each module lists its errors as an `ErrorCode`
enum in its `errors.py` (Saleor's way): the member's value is the code clients rely on, its
message the French source text, marked with `N_` for the module's catalogue, with `%(name)s`
placeholders for the parameters given when raising. The HTTP layer translates the message into
the language the request asked for; the code never changes.

    raise Conflict(OrderError.CART_FULL, limit=MAX_CART_ITEMS)
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from infra.i18n.context import N_


class ErrorCode(Enum):
    """Base of every module's error codes: `NAME = "code", N_("Message en français.")`.

    A member is known by its code and message together, so several messages may share one code
    (`not_found` for a work, an upload or a file); `code` is what clients rely on."""

    message: str
    _code: str

    def __new__(cls, code: str, message: str) -> ErrorCode:
        member = object.__new__(cls)
        member._value_ = (code, message)
        member._code = code
        member.message = message
        return member

    @property
    def code(self) -> str:
        return self._code


class CommonError(ErrorCode):
    """Errors any module may raise with no more to say than this."""

    BAD_REQUEST = "bad_request", N_("Requête invalide.")
    INVALID_INPUT = "invalid_input", N_("Données invalides.")
    NOT_AUTHENTICATED = "not_authenticated", N_("Connectez-vous pour continuer.")
    FORBIDDEN = "forbidden", N_("Vous n'avez pas accès à cette ressource.")
    NOT_FOUND = "not_found", N_("Introuvable.")
    CONFLICT = "conflict", N_("Cette action n'est pas possible dans l'état actuel.")
    RATE_LIMITED = "rate_limited", N_("Trop de tentatives : réessayez dans %(seconds)s s.")


class AppError(Exception):
    status_code = 400

    def __init__(self, error: ErrorCode, /, *, details: Any = None, **params: Any) -> None:
        super().__init__(error.code)
        self.error = error
        self.params = params
        self.details = details

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def message(self) -> str:
        """The French source with its parameters (logs, tests); clients get it translated."""
        return fill(self.error.message, self.params)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class _KeepMissing(dict[str, Any]):
    """A parameter a translation names but the error did not give stays visible as its
    placeholder, rather than the whole message failing (the catalogue tests catch it)."""

    def __missing__(self, key: str) -> str:
        return f"%({key})s"


def fill(message: str, params: dict[str, Any]) -> str:
    try:
        return message % _KeepMissing(params)
    except (TypeError, ValueError):
        return message


class InvalidInput(AppError):
    status_code = 422


class NotAuthenticated(AppError):
    status_code = 401


class Forbidden(AppError):
    status_code = 403


class NotFound(AppError):
    status_code = 404


class Conflict(AppError):
    status_code = 409


class RateLimited(AppError):
    status_code = 429

    def __init__(
        self, error: ErrorCode = CommonError.RATE_LIMITED, /, *, retry_after_s: int, **params: Any
    ) -> None:
        super().__init__(error, seconds=retry_after_s, **params)
        self.retry_after_s = retry_after_s
