"""ASGI middleware: request ids and security headers on every answer."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from infra.http.request_context import choose_request_id, request_id_var

access_log = logging.getLogger("lakou.access")

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    # Pages load nothing from elsewhere and run no inline script or style: every script and
    # style sheet is a file served by Lakou (hls.js included); hls.js plays through blob: URLs
    # (MediaSource) and may start a worker from a blob.
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        "style-src 'self'; script-src 'self'; worker-src 'self' blob:; connect-src 'self'; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    ),
}
# Swagger UI (the API docs, served from the swagger-ui-bundle package) starts with an inline
# script and inline styles; only its page gets them.
DOCS_PATH = "/api/docs"
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


FRAME_NONE = "frame-ancestors 'none'"


def framed_policy(frame_ancestors: str) -> str:
    """The pages' policy with other sites allowed to frame the page (embeds only)."""
    policy = SECURITY_HEADERS["content-security-policy"]
    return policy.replace(FRAME_NONE, f"frame-ancestors {frame_ancestors}")


def framable(headers: MutableScopeHeaders) -> bool:
    """The route chose a policy that lets other sites frame its answer (an embed page): no
    `X-Frame-Options: DENY` then, and no cookie, which would be a third-party one there."""
    policy = headers.get("content-security-policy")
    return policy is not None and "frame-ancestors" in policy and FRAME_NONE not in policy


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        incoming = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        request_id = choose_request_id(incoming)
        token = request_id_var.set(request_id)

        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableScopeHeaders.from_message(message)
                headers["x-request-id"] = request_id
                skipped = {"x-frame-options"} if framable(headers) else set()
                for key, value in SECURITY_HEADERS.items():
                    if key not in headers and key not in skipped:
                        headers[key] = value
                if str(scope.get("path", "")).startswith(DOCS_PATH):
                    headers["content-security-policy"] = DOCS_CSP
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        finally:
            access_log.info(
                "request",
                extra={
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            request_id_var.reset(token)

    return middleware


def csp_with_stripe(js_url: str) -> str:
    """The pages' policy plus what Stripe.js needs: its script, its card frames, its API.

    Only the checkout page of a Stripe installation sends it (set by that page's handler,
    which this middleware then leaves alone).
    """
    parts = urlsplit(js_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return (
        "default-src 'self'; img-src 'self' data: blob: https://*.stripe.com; "
        "media-src 'self' blob:; style-src 'self'; "
        f"script-src 'self' {origin}; frame-src {origin} https://hooks.stripe.com; "
        "worker-src 'self' blob:; connect-src 'self' https://api.stripe.com; "
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )
