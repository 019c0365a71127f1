"""Webhook rules that need no network: the addresses refused, the schedule, the settings."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta

import pytest

from infra.settings import SettingsError, SettingsReader
from marketplace.webhooks.domain import MAX_ATTEMPTS, message_body, next_attempt
from marketplace.webhooks.ssrf import forbidden
from marketplace.webhooks.wiring import WebhookSettings


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "224.0.0.1",  # noqa: S104 - an address refused, not bound "255.255.255.255", "::1", "::", "fe80::1", "fd00:ec2::254",
     "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"],
)  # fmt: skip
def test_inner_addresses_are_forbidden(address: str) -> None:
    assert forbidden(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_not(address: str) -> None:
    assert not forbidden(ipaddress.ip_address(address))


def test_the_test_setting_lets_loopback_through_and_nothing_else() -> None:
    assert not forbidden(ipaddress.ip_address("127.0.0.1"), allow_loopback=True)
    assert not forbidden(ipaddress.ip_address("::1"), allow_loopback=True)
    assert forbidden(ipaddress.ip_address("10.0.0.1"), allow_loopback=True)
    assert forbidden(ipaddress.ip_address("169.254.169.254"), allow_loopback=True)


def test_the_schedule_covers_three_days_then_gives_up() -> None:
    start = datetime(2026, 12, 7, tzinfo=UTC)
    moment, attempts = start, 1
    while (following := next_attempt(attempts, moment)) is not None:
        moment, attempts = following, attempts + 1
    assert attempts == MAX_ATTEMPTS
    assert timedelta(days=3) <= moment - start <= timedelta(days=3, hours=6)


def test_a_message_carries_only_the_ids_partners_may_see() -> None:
    body = message_body(
        "work.published",
        datetime(2026, 12, 7, tzinfo=UTC),
        {"work_id": "w", "creator_id": "c", "owner_id": "person", "by": "person", "v": 1},
    )
    assert "person" not in body
    assert '"data":{"creator_id":"c","work_id":"w"}' in body


def test_production_refuses_the_loopback_setting() -> None:
    reader = SettingsReader({"LAKOU_ENV": "production", "LAKOU_WEBHOOKS_ALLOW_LOOPBACK": "true"})
    with pytest.raises(SettingsError, match="never in production"):
        WebhookSettings.read(reader)
