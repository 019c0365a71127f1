"""Rendering a page with what every template needs: the visitor, the language, the strings."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import Cookie
from litestar.response import Template

from infra.http.i18n import LANG_COOKIE, interface_language, translator
from infra.identity.domain import Principal


def render(
    request: Request[Any, Any, Any],
    template: str,
    me: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    lang = interface_language(request)
    cookies = []
    if request.query_params.get("lang") == lang:
        cookies.append(
            Cookie(key=LANG_COOKIE, value=lang, httponly=True, samesite="lax", max_age=31_536_000)
        )
    return Template(
        template_name=template,
        context={"me": me, "lang": lang, "t": translator(lang), **context},
        status_code=status_code,
        cookies=cookies,
    )
