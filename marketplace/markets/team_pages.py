"""What the market team's pages share: signed-in people only, and the markets' error pages
(not found where the market stays hidden, refused where it is public)."""

from __future__ import annotations

from litestar import Controller

from accounts.auth import PAGE_ROUTES
from accounts.guards import error_page, page_errors, requires_user
from infra.errors import Forbidden


class MarketTeamPages(Controller):
    include_in_schema = False
    opt = PAGE_ROUTES
    guards = [requires_user]
    exception_handlers = {
        **page_errors(not_found="markets/not_found.html"),
        Forbidden: error_page("markets/forbidden.html", 403),
    }
