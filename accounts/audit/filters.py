"""The filters staff read the audit log with, read from a query string.

Every filter arrives as text (the API, the CSV export and the page's GET form share them) and is
checked here, so a bad one is a 422 naming it, the same on all three. Bare dates are days in the
reader's time zone (America/Martinique unless they chose another); `to` includes its whole day.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from accounts.audit.errors import AuditError
from infra.errors import ErrorCode, InvalidInput
from infra.i18n.context import time_zone_var

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_ACTION = 100
MAX_OBJECT = 100
_ACTION_PREFIX = re.compile(r"^[a-z0-9_.]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The query parameters, as the API and the page's form name them.
FILTER_NAMES = ("actor", "action", "object_type", "object_id", "organisation", "from", "to")


@dataclass(frozen=True)
class AuditFilter:
    actor_id: UUID | None = None
    action_prefix: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    organisation_id: UUID | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def parse_filter(query: Mapping[str, str | None]) -> AuditFilter:
    """The filters given in `query` (absent or blank: not filtered)."""
    raw = {name: (query.get(name) or "").strip() for name in FILTER_NAMES}
    action = raw["action"] or None
    if action is not None and (len(action) > MAX_ACTION or not _ACTION_PREFIX.match(action)):
        raise InvalidInput(AuditError.INVALID_ACTION, max=MAX_ACTION)
    found = AuditFilter(
        actor_id=_uuid(raw["actor"], AuditError.INVALID_ACTOR),
        action_prefix=action,
        object_type=_object(raw["object_type"]),
        object_id=_object(raw["object_id"]),
        organisation_id=_uuid(raw["organisation"], AuditError.INVALID_ORGANISATION),
        since=_moment(raw["from"], "from", end_of_day=False),
        until=_moment(raw["to"], "to", end_of_day=True),
    )
    if found.since and found.until and found.since >= found.until:
        raise InvalidInput(AuditError.INVALID_PERIOD)
    return found


def parse_limit(raw: str | None) -> int:
    if raw is None or not raw.strip():
        return DEFAULT_LIMIT
    text = raw.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise InvalidInput(AuditError.INVALID_LIMIT, max=MAX_LIMIT)
    return int(text)


def encode_cursor(last_id: UUID) -> str:
    return base64.urlsafe_b64encode(last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> UUID | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return UUID(bytes=raw)
    except ValueError:
        raise InvalidInput(AuditError.INVALID_CURSOR) from None


def _uuid(text: str, error: ErrorCode) -> UUID | None:
    if not text:
        return None
    try:
        return UUID(text)
    except ValueError:
        raise InvalidInput(error) from None


def _object(text: str) -> str | None:
    if not text:
        return None
    if len(text) > MAX_OBJECT or _CONTROL.search(text):
        raise InvalidInput(AuditError.INVALID_OBJECT, max=MAX_OBJECT)
    return text


def _moment(text: str, field: str, *, end_of_day: bool) -> datetime | None:
    if not text:
        return None
    zone = ZoneInfo(time_zone_var.get())
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            if end_of_day:
                day += timedelta(days=1)
            return datetime.combine(day, time(), zone).astimezone(UTC)
        moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise InvalidInput(AuditError.INVALID_DATE, field=field) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=zone)).astimezone(UTC)
