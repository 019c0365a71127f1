"""The page scripts' catalogue: `GET /i18n/{lang}.json`, every enabled module's `js` domain
compiled to JSON for one language (a file fetched by `lakou.js`, never an inline script)."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from infra.i18n.catalogues import Catalogues
from infra.i18n.context import installed
from infra.i18n.languages import BY_TAG, CREOLE, SOURCE, canonical

# How each language chooses among its plural forms, by name (the page's CSP allows no eval).
PLURAL_RULES = {SOURCE: "n>1", CREOLE: "0"}


@lru_cache(maxsize=16)
def _body(catalogues: Catalogues, tag: str) -> tuple[bytes, str]:
    language = BY_TAG[tag]
    document = {
        "lang": tag,
        "locale": language.formats.replace("_", "-"),
        "plural": PLURAL_RULES.get(tag, "n!=1"),
        "messages": catalogues.messages(tag, "js"),
    }
    body = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
    return body, hashlib.sha256(body).hexdigest()[:32]


@get("/i18n/{name:str}", include_in_schema=False, sync_to_thread=False)
def script_messages(name: FromPath[str], request: Request[Any, Any, Any]) -> Response[bytes]:
    tag = canonical(name.removesuffix(".json")) if name.endswith(".json") else None
    if tag is None:
        raise NotFoundException()
    body, etag = _body(installed(), tag)
    headers = {"etag": f'"{etag}"', "cache-control": "public, max-age=300"}
    if request.headers.get("if-none-match") == f'"{etag}"':
        return Response(b"", status_code=304, headers=headers)
    return Response(body, media_type="application/json; charset=utf-8", headers=headers)
