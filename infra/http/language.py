"""Every request speaks one language: `?lang=`, then the `lakou_lang` cookie, then
`Accept-Language`, then French; and shows times in one zone: `?tz=`, then the `lakou_tz`
cookie, then America/Martinique.

Set before routing (outermost), so API errors, pages and 404s all follow it. A valid `?lang=`
or `?tz=` is remembered in a cookie; anything else (an unknown tag, a script, 10 kB) is ignored
and the request goes on in the fallback, since a language is a preference, not an input.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import parse_qsl

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from infra.http.middleware import framable
from infra.i18n.context import DEFAULT_TIME_ZONE, language_var, time_zone_var
from infra.i18n.formatting import valid_time_zone
from infra.i18n.languages import canonical, negotiate

LANG_COOKIE = "lakou_lang"
TIME_ZONE_COOKIE = "lakou_tz"
YEAR_S = 31_536_000
MAX_QUERY_CHARS = 4096
MAX_COOKIE_HEADER_CHARS = 8192


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _cookies(scope: Scope) -> dict[str, str]:
    raw = _header(scope, b"cookie")
    if not raw or len(raw) > MAX_COOKIE_HEADER_CHARS:
        return {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is the client's problem, not a 500
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def _query(scope: Scope) -> dict[str, str]:
    raw = scope.get("query_string", b"")[:MAX_QUERY_CHARS].decode("latin-1")
    return {key: value for key, value in parse_qsl(raw) if key in ("lang", "tz")}


def _remember(name: str, value: str) -> str:
    cookie = Cookie(key=name, value=value, httponly=True, samesite="lax", max_age=YEAR_S)
    return cookie.to_header(header="").strip()


def language_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        query, cookies = _query(scope), _cookies(scope)
        asked = canonical(query.get("lang"))
        language = negotiate(
            query.get("lang"), cookies.get(LANG_COOKIE), _header(scope, b"accept-language")
        )
        asked_zone = valid_time_zone(query.get("tz"))
        zone = asked_zone or valid_time_zone(cookies.get(TIME_ZONE_COOKIE)) or DEFAULT_TIME_ZONE
        language_token = language_var.set(language)
        zone_token = time_zone_var.set(zone)

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers["content-language"] = language
                headers.add("vary", "Accept-Language, Cookie")
                # An embed inside another site keeps `?lang=` for itself: a cookie there would
                # be a third-party one.
                remember = not framable(headers)
                if remember and asked and cookies.get(LANG_COOKIE) != asked:
                    headers.add("set-cookie", _remember(LANG_COOKIE, asked))
                if remember and asked_zone and cookies.get(TIME_ZONE_COOKIE) != asked_zone:
                    headers.add("set-cookie", _remember(TIME_ZONE_COOKIE, asked_zone))
            await send(message)

        try:
            await app(scope, receive, send_with_language)
        finally:
            language_var.reset(language_token)
            time_zone_var.reset(zone_token)

    return middleware
