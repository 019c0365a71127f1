"""Buyers' VAT numbers: format and checksum always; VIES asked for the rest, through its HTTP
shape (a named local fake: VIES cannot be reached from here), and its silence recorded."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

from marketplace.licensing.invoicing.vat_numbers import ViesAnswer, check_vat_number
from marketplace.licensing.invoicing.vies import ViesClient
from tests.fakes.vies_fake import fake_vies

NOW = datetime(2026, 12, 7, tzinfo=UTC)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_registered_number_is_confirmed_by_vies() -> None:
    with fake_vies({"DE136695976": "Kino GmbH"}) as vies:
        check = await check_vat_number("DE 136 695 976", ViesClient(vies.url, 2000), NOW)
    assert check.number == "DE136695976"
    assert (check.well_formed, check.vies, check.vies_name) == (True, ViesAnswer.VALID, "Kino GmbH")
    assert check.valid
    assert vies.asked == ["DE136695976"]


async def test_vies_saying_no_makes_a_well_formed_number_invalid() -> None:
    with fake_vies({}) as vies:
        check = await check_vat_number("FR40303265045", ViesClient(vies.url, 2000), NOW)
    assert check.well_formed
    assert check.vies is ViesAnswer.INVALID
    assert not check.valid


async def test_a_bad_checksum_is_refused_without_asking_vies() -> None:
    with fake_vies({"FR00303265045": "Nobody"}) as vies:
        # The French key (00) does not match the SIREN: refused before any request.
        check = await check_vat_number("FR00303265045", ViesClient(vies.url, 2000), NOW)
        wrong_length = await check_vat_number("DE12345", ViesClient(vies.url, 2000), NOW)
    assert not check.well_formed
    assert not wrong_length.well_formed
    assert check.vies is ViesAnswer.NOT_ASKED
    assert vies.asked == []


async def test_vies_out_of_reach_is_recorded_and_the_format_decides() -> None:
    client = ViesClient(f"http://127.0.0.1:{_closed_port()}/check", 1000)
    check = await check_vat_number("DE136695976", client, NOW)
    assert check.vies is ViesAnswer.UNREACHABLE
    assert check.valid  # well formed, and VIES did not say otherwise
