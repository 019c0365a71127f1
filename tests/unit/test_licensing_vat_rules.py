"""The licence fees' VAT rule table: each case of the issue gives its rule, its mention and
its source, and the invoice's parts add up to what the partner pays."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.licensing.invoicing.vat_rules import (
    RULES,
    Buyer,
    Category,
    Seller,
    SellerStatus,
    rule_for,
    split_price,
)

LAKOU = Seller(SellerStatus.REGISTERED, "MQ")


@pytest.mark.parametrize(
    ("seller", "buyer", "code", "rate_bp"),
    [
        # A holder under the franchise in base charges no VAT, whoever buys.
        (Seller(SellerStatus.FRANCHISE, "MQ"), Buyer("MQ", False), "franchise_293b", 0),
        (Seller(SellerStatus.FRANCHISE, "MQ"), Buyer("DE", True), "franchise_293b", 0),
        # Overseas departments: Martinique's 8.5 % for a buyer in Martinique or Guadeloupe.
        (LAKOU, Buyer("MQ", True), "dom_standard", 850),
        (LAKOU, Buyer("GP", False), "dom_standard", 850),
        (LAKOU, Buyer("GF", False), "dom_without_vat", 0),
        # Mainland France from Martinique: the buyer accounts for the 20 % (BOI-TVA-GEO-20-40).
        (LAKOU, Buyer("FR", True), "france_buyer_accounts", 0),
        # Mainland seller, mainland buyer: 20 %.
        (Seller(SellerStatus.REGISTERED, "FR"), Buyer("FR", True), "mainland_standard", 2000),
        # EU business with a valid number: reverse charge; without one: the seller's rate.
        (LAKOU, Buyer("DE", True), "eu_reverse_charge", 0),
        (LAKOU, Buyer("DE", False), "dom_standard", 850),
        # Outside the EU: no French VAT.
        (LAKOU, Buyer("CA", False), "outside_eu", 0),
        (LAKOU, Buyer("US", True), "outside_eu", 0),
    ],
)
def test_each_case_gets_its_rule(seller: Seller, buyer: Buyer, code: str, rate_bp: int) -> None:
    rule = rule_for(seller, buyer)
    assert rule.code == code
    assert rule.rate_bp == rate_bp


def test_every_rule_names_its_source_and_the_franchise_its_mention() -> None:
    assert all(rule.source and rule.mention for rule in RULES.values())
    assert RULES["franchise_293b"].mention == "TVA non applicable, art. 293 B du CGI"
    assert "BOI-TVA-GEO-20-40" in RULES["dom_standard"].source
    assert RULES["eu_reverse_charge"].category is Category.REVERSE_CHARGE


def test_the_price_splits_into_net_and_vat() -> None:
    parts = split_price(108_500, RULES["dom_standard"])
    assert (parts.net_cents, parts.vat_cents, parts.gross_cents) == (100_000, 8_500, 108_500)
    untaxed = split_price(120_000, RULES["outside_eu"])
    assert (untaxed.net_cents, untaxed.vat_cents) == (120_000, 0)


@given(st.integers(1, 10_000_000_00), st.sampled_from(sorted(RULES)))
def test_the_parts_always_add_up(price: int, code: str) -> None:
    parts = split_price(price, RULES[code])
    assert parts.net_cents + parts.vat_cents == price
    assert parts.vat_cents >= 0
    assert abs(parts.vat_cents - parts.net_cents * RULES[code].rate_bp / 10_000) <= 1
