"""Who the client is, as `client_ip` tells the login rate limit.

Only the immediate peer's address is a fact the client cannot choose. X-Forwarded-For counts
only when that peer is a configured proxy, and then only the hops the proxies added: walking
from the right, the first address that is not a trusted proxy is the client. Whatever the
client wrote itself (the leftmost entries) never becomes its identity, or one attacker could
rotate through endless fake addresses and never meet the per-address limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from litestar import Request

from infra.http.client_ip import client_ip, header_from_trusted_proxy
from infra.settings import Settings, SettingsError

PROXIES = ("10.0.0.0/8", "192.168.1.5")


def _request(
    peer: str | None, forwarded: str | None = None, **headers: str
) -> Request[Any, Any, Any]:
    raw = [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    if forwarded is not None:
        raw.append((b"x-forwarded-for", forwarded.encode()))
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": "/api/auth/login",
        "raw_path": b"/api/auth/login",
        "query_string": b"",
        "headers": raw,
        "client": (peer, 4321) if peer is not None else None,
        "server": ("lakou.test", 80),
        "scheme": "http",
        "root_path": "",
    }
    return Request(scope)  # type: ignore[arg-type]


def test_without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() -> None:
    request = _request("203.0.113.7", "198.51.100.1, 10.0.0.2")
    assert client_ip(request, ()) == "203.0.113.7"


def test_a_peer_that_is_not_a_trusted_proxy_cannot_choose_its_address() -> None:
    # A direct client sending its own header: the header is ignored.
    request = _request("203.0.113.7", "198.51.100.1")
    assert client_ip(request, PROXIES) == "203.0.113.7"


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        # One proxy in front: it appended the address it saw.
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        # Two trusted proxies in a chain: the first untrusted hop from the right.
        ("10.0.0.2", "198.51.100.1, 192.168.1.5", "198.51.100.1"),
        ("10.0.0.2", "198.51.100.1, 10.1.2.3, 192.168.1.5", "198.51.100.1"),
        # IPv6 client behind the proxy.
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
        # Whitespace around the entries does not matter.
        ("10.0.0.2", "  198.51.100.1  ,   10.1.2.3 ", "198.51.100.1"),
    ],
)
def test_behind_trusted_proxies_the_client_is_the_first_untrusted_hop_from_the_right(
    peer: str, forwarded: str, expected: str
) -> None:
    assert client_ip(_request(peer, forwarded), PROXIES) == expected


@pytest.mark.parametrize(
    "forwarded",
    [
        # The client wrote entries of its own; the proxy appended the real address.
        "1.1.1.1, 198.51.100.1",
        "1.1.1.1, 2.2.2.2, 3.3.3.3, 198.51.100.1",
        # It even claims to be a trusted proxy's neighbour: still only the appended hop counts.
        "10.9.9.9, 198.51.100.1, 10.1.2.3",
    ],
)
def test_spoofed_leftmost_entries_are_ignored(forwarded: str) -> None:
    assert client_ip(_request("10.0.0.2", forwarded), PROXIES) == "198.51.100.1"


def test_spoofed_entries_do_not_give_one_client_many_identities() -> None:
    # The same client behind the same proxy, rotating the part of the header it controls.
    seen = {
        client_ip(_request("10.0.0.2", f"100.64.0.{n}, 198.51.100.1"), PROXIES)
        for n in range(1, 20)
    }
    assert seen == {"198.51.100.1"}


@pytest.mark.parametrize("forwarded", [None, "", "10.1.2.3", "10.1.2.3, 192.168.1.5"])
def test_when_every_hop_is_trusted_the_peer_is_the_client(forwarded: str | None) -> None:
    # Traffic from inside the stack (a health check, another service) has no outside hop.
    assert client_ip(_request("10.0.0.2", forwarded), PROXIES) == "10.0.0.2"


@pytest.mark.parametrize(
    "forwarded",
    [
        ",,, ,",  # only separators
        "not-an-address, 198.51.100.1",  # garbage the client wrote before the real hop
        "198.51.100.1:5555, 198.51.100.1",  # an address with a port, left of the real hop
        "<script>, 198.51.100.1, , 10.1.2.3",  # garbage, an empty entry, a trusted proxy
    ],
)
def test_malformed_entries_left_of_the_real_hop_are_ignored(forwarded: str) -> None:
    expected = "10.0.0.2" if forwarded.strip(", ") == "" else "198.51.100.1"
    assert client_ip(_request("10.0.0.2", forwarded), PROXIES) == expected


def test_a_trusted_proxy_network_matches_by_cidr_not_by_prefix_text() -> None:
    # "10.0.0.0/8" covers 10.200.1.1 but not 100.0.0.1, which only starts with the same digits.
    assert client_ip(_request("10.200.1.1", "198.51.100.1"), PROXIES) == "198.51.100.1"
    assert client_ip(_request("100.0.0.1", "198.51.100.1"), PROXIES) == "100.0.0.1"
    # A single address in the list trusts that address only.
    assert client_ip(_request("192.168.1.5", "198.51.100.1"), PROXIES) == "198.51.100.1"
    assert client_ip(_request("192.168.1.6", "198.51.100.1"), PROXIES) == "192.168.1.6"


def test_a_peer_that_is_not_an_address_is_never_trusted() -> None:
    # ASGI servers on a unix socket report no address or a name: never a proxy.
    assert client_ip(_request("testclient", "198.51.100.1"), PROXIES) == "testclient"
    assert client_ip(_request(None, "198.51.100.1"), PROXIES) == "unknown"


def test_a_header_is_believed_only_from_a_trusted_proxy() -> None:
    via_proxy = _request("10.0.0.2", cf_ipcountry="MQ")
    direct = _request("203.0.113.7", cf_ipcountry="JP")
    assert header_from_trusted_proxy(via_proxy, "cf-ipcountry", PROXIES) == "MQ"
    assert header_from_trusted_proxy(direct, "cf-ipcountry", PROXIES) is None
    assert header_from_trusted_proxy(via_proxy, "cf-ipcountry", ()) is None
    assert header_from_trusted_proxy(via_proxy, None, PROXIES) is None


@pytest.mark.parametrize("value", ["10.0.0.0/33", "proxy.internal", "10.0.0.0/8,not-a-network"])
def test_a_wrong_trusted_proxy_setting_stops_start_up(tmp_path: Path, value: str) -> None:
    environ = {
        "LAKOU_ENV": "test",
        "LAKOU_VAR_DIR": str(tmp_path / "var"),
        "LAKOU_SECRET_KEY": "test-secret-key-" + "x" * 32,
        "LAKOU_TRUSTED_PROXIES": value,
    }
    with pytest.raises(SettingsError, match="LAKOU_TRUSTED_PROXIES"):
        Settings.from_env(environ)
