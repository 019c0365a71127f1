"""The contract's acceptance rules and what each side gives when it accepts; the deliverable
links' expiry and count. Pure rules, no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from infra.errors import InvalidInput
from marketplace.licensing.contracts import signing
from marketplace.licensing.contracts.domain import (
    Acceptance,
    Contract,
    ContractFault,
    ContractRefused,
    DealKind,
    kind_of,
)
from marketplace.licensing.deliverables.domain import DeliveryLink, LinkFault

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def _contract() -> Contract:
    return Contract(uuid4(), uuid4(), DealKind.SYNC, ("fr", "en"), "k", "a" * 64, 10, NOW)


def _acceptance(sha: str = "a" * 64) -> Acceptance:
    return Acceptance(uuid4(), "Léa Bellay", NOW, "127.0.0.1", sha)


def test_both_sides_must_accept_the_same_document_once() -> None:
    contract = _contract().accepted("partner", _acceptance())
    assert not contract.accepted_by_both
    with pytest.raises(ContractRefused) as twice:
        contract.accepted("partner", _acceptance())
    assert twice.value.fault is ContractFault.ALREADY_ACCEPTED
    with pytest.raises(ContractRefused) as stale:
        contract.accepted("rights", _acceptance("b" * 64))
    assert stale.value.fault is ContractFault.STALE_DOCUMENT
    assert contract.accepted("rights", _acceptance()).accepted_by_both


def test_each_medium_has_its_contract_template() -> None:
    assert kind_of("sync_advertising") is DealKind.SYNC
    assert kind_of("pay_tv") is DealKind.BROADCAST
    assert kind_of("audiobook") is DealKind.PUBLISHING
    assert kind_of("svod") is DealKind.DISTRIBUTION


def test_a_holder_invoicing_itself_must_be_established_in_france() -> None:
    abroad = signing.InvoicerIn(by="holder", legal_name="X", address=["Y"], country="CA")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput) as refused:
        signing.invoicer(abroad)
    assert refused.value.code == "seller_country"
    unnamed = signing.InvoicerIn(by="holder", country="MQ", vat_status="franchise")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        signing.invoicer(unnamed)
    # A registered holder needs a valid French VAT number.
    registered = signing.InvoicerIn(
        by="holder",
        legal_name="X",
        address=["Y"],
        country="MQ",
        vat_number="FR00303265045",  # type: ignore[arg-type]
    )
    with pytest.raises(InvalidInput) as bad_number:
        signing.invoicer(registered)
    assert bad_number.value.code == "invalid_vat_number"
    assert signing.invoicer(signing.InvoicerIn()) == {"by": "lakou"}


def test_a_link_expires_and_counts() -> None:
    link = DeliveryLink(uuid4(), uuid4(), uuid4(), NOW + timedelta(days=7), 2, 0)
    assert link.refusal(NOW) is None
    assert DeliveryLink(*[*vars(link).values()][:5], 2).refusal(NOW) is LinkFault.USED_UP
    assert link.refusal(NOW + timedelta(days=7)) is LinkFault.EXPIRED
