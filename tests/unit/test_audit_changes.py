"""What an audit entry keeps: only changed fields, JSON values, never a secret; its filters."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from uuid import UUID

import pytest

from accounts.audit.changes import REDACTED, changed_fields, is_secret, json_safe
from accounts.audit.filters import decode_cursor, encode_cursor, parse_filter, parse_limit
from infra.errors import InvalidInput
from infra.i18n.context import time_zone_var

ORDER = UUID("01890000-0000-7000-8000-000000000001")


class Status(Enum):
    PAID = "paid"


def test_only_the_fields_that_changed_are_kept() -> None:
    before = {"status": "paid", "refunded_cents": 0, "currency": "EUR"}
    after = {"status": "refunded", "refunded_cents": 800, "currency": "EUR", "note": "client"}
    old, new = changed_fields(before, after)
    assert old == {"status": "paid", "refunded_cents": 0}
    assert new == {"status": "refunded", "refunded_cents": 800, "note": "client"}


def test_a_creation_keeps_every_field_and_a_deletion_every_former_one() -> None:
    assert changed_fields(None, {"status": "requested"}) == ({}, {"status": "requested"})
    assert changed_fields({"role": "staff"}, None) == ({"role": "staff"}, {})
    assert changed_fields({"a": 1}, {"a": 1}) == ({}, {})


def test_values_become_json() -> None:
    moment = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    value = json_safe(
        {
            "id": ORDER,
            "at": moment,
            "day": date(2026, 3, 1),
            "rate": Decimal("8.50"),
            "status": Status.PAID,
            "tags": {"b", "a"},
            "lines": (1, 2),
            "raw": b"\x00\x01",
            "nan": float("nan"),
        }
    )
    assert value == {
        "id": str(ORDER),
        "at": "2026-03-01T12:30:00+00:00",
        "day": "2026-03-01",
        "rate": "8.50",
        "status": "paid",
        "tags": ["a", "b"],
        "lines": [1, 2],
        "raw": "<2 bytes>",
        "nan": None,
    }
    json.dumps(value)  # and it really is JSON


@pytest.mark.parametrize(
    "name",
    ["password", "password_hash", "token", "token_hash", "api_key", "client_secret",
     "totp_secret", "Reset-Token", "session", "new_password", "recovery_codes"],
)  # fmt: skip
def test_secret_field_names_are_recognised(name: str) -> None:
    assert is_secret(name)


@pytest.mark.parametrize("name", ["status", "role", "email", "display_name", "amount_cents"])
def test_ordinary_field_names_are_not_secrets(name: str) -> None:
    assert not is_secret(name)


def test_secrets_are_never_kept_only_the_fact_that_they_changed() -> None:
    old, new = changed_fields(
        {"password_hash": "$argon2id$old", "role": "creator", "token": "same"},
        {
            "password_hash": "$argon2id$new",
            "role": "staff",
            "token": "same",
            "profile": {"api_key": "sk_live_123", "name": "Léna"},
        },
    )
    assert old == {"password_hash": REDACTED, "role": "creator"}
    assert new == {
        "password_hash": REDACTED,
        "role": "staff",
        "profile": {"api_key": REDACTED, "name": "Léna"},
    }
    stored = json.dumps([old, new])
    for secret in ("$argon2id$old", "$argon2id$new", "sk_live_123"):
        assert secret not in stored


def test_filters_are_read_from_text() -> None:
    found = parse_filter(
        {
            "actor": str(ORDER),
            "action": "order.",
            "object_type": "order",
            "object_id": "abc",
            "from": "2026-03-01",
            "to": "2026-03-01",
        }
    )
    assert found.actor_id == ORDER
    assert found.action_prefix == "order."
    # A day in Martinique (UTC-4), `to` taking the whole day.
    assert found.since == datetime(2026, 3, 1, 4, tzinfo=UTC)
    assert found.until == datetime(2026, 3, 2, 4, tzinfo=UTC)
    assert parse_filter({}) == parse_filter({"actor": " ", "to": ""})


def test_a_day_follows_the_readers_time_zone() -> None:
    token = time_zone_var.set("Europe/Paris")
    try:
        assert parse_filter({"from": "2026-07-01"}).since == datetime(2026, 6, 30, 22, tzinfo=UTC)
    finally:
        time_zone_var.reset(token)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ({"actor": "someone"}, "invalid_actor"),
        ({"organisation": "12"}, "invalid_organisation"),
        ({"action": "Order%"}, "invalid_action"),
        ({"action": "a" * 101}, "invalid_action"),
        ({"object_id": "x" * 101}, "invalid_object"),
        ({"object_type": "a\x00b"}, "invalid_object"),
        ({"from": "01/03/2026"}, "invalid_date"),
        ({"to": "2026-02-30"}, "invalid_date"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "invalid_period"),
    ],
)
def test_a_bad_filter_is_refused_by_name(query: dict[str, str], code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_filter(query)
    assert refused.value.code == code


def test_limits_and_cursors() -> None:
    assert parse_limit(None) == 50
    assert parse_limit("200") == 200
    for bad in ("0", "201", "-1", "ten"):
        with pytest.raises(InvalidInput):
            parse_limit(bad)
    assert decode_cursor(encode_cursor(ORDER)) == ORDER
    with pytest.raises(InvalidInput):
        decode_cursor("not-a-cursor")
